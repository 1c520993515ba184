/**
 * Keeping a triage's versions: every save that changes it stores the new content
 * as the next TriageVersion (the database refuses a change without one, and
 * refuses to change or delete a kept version). The rule of what a save makes is
 * lib/triage/versions.ts; the reading side is get-triage-history.ts.
 */
import type { DbTx } from "@/lib/db/client";
import type { TriageOutcome } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { triageRevision, type TriageContent, type TriageRevision } from "@/lib/triage/versions";

/** The revision a save makes, refused (before anything is written) when it unticks a recorded risk without a reason. */
export function reviseTriage(previous: Parameters<typeof triageRevision>[0], next: TriageContent, reason: string | null | undefined): TriageRevision {
  const revision = triageRevision(previous, next, reason);
  if (revision.problem) throw new AppError("VALIDATION", revision.problem, { fieldErrors: { changeReason: revision.problem } });
  return revision;
}

/** Keeps the triage as it now stands as its current version: the row already carries that version's number, saver and reason. */
export async function keepTriageVersion(tx: DbTx, triage: TriageOutcome, recordedAt: Date): Promise<void> {
  await tx.triageVersion.create({
    data: {
      triageOutcomeId: triage.id,
      version: triage.version,
      presentingProblems: triage.presentingProblems,
      riskToSelf: triage.riskToSelf,
      riskToOthers: triage.riskToOthers,
      riskFromOthers: triage.riskFromOthers,
      riskActionTaken: triage.riskActionTaken,
      outcome: triage.outcome,
      pathway: triage.pathway,
      signpostKind: triage.signpostKind,
      signpostTo: triage.signpostTo,
      reviewClinicDayId: triage.reviewClinicDayId,
      consentToReferral: triage.consentToReferral,
      recommendations: triage.recommendations,
      recordedById: triage.recordedById,
      recordedAt,
      changeReason: triage.changeReason,
    },
  });
}
