import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse";
import { reviewRiskSchema } from "@/lib/validation/risk";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";

export type ReviewRiskResult = { riskReviewId: string; patientId: string; outcome: "REVIEWED" | "RESOLVED"; triageVersion: number };

/**
 * A clinician records that a patient's open risk was reviewed or resolved,
 * with the reason: the risk's flag then ends on every list and the summary.
 * Kept as a new RiskReview row (who, when, why, the triage version they read),
 * never by changing the triage. Refused when the risk is no longer open or the
 * triage changed after the clinician read it (they should read the new version).
 */
export async function reviewRisk(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<ReviewRiskResult> {
  assertPermission(ctx.actor, "risk:review");
  const { triageOutcomeId, version, outcome, reason } = parseInput(reviewRiskSchema, input);
  const now = clock.now ?? new Date();
  try {
    return await ctx.db.$transaction(async (tx) => {
      const found = await tx.triageOutcome.findFirst({
        where: { id: triageOutcomeId, appointment: { clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } } },
        select: { appointmentId: true },
      });
      if (!found) throw new AppError("NOT_FOUND", "That triage was not found. Refresh the page.");
      // The triage's own save locks its appointment: a review and a save of the same triage queue, not race.
      await tx.$queryRaw`SELECT id FROM "Appointment" WHERE id = ${found.appointmentId}::uuid FOR UPDATE`;
      const triage = await tx.triageOutcome.findUniqueOrThrow({
        where: { id: triageOutcomeId },
        select: { id: true, patientId: true, version: true },
      });
      const open = (await loadOpenRisks(tx, [triage.patientId])).get(triage.patientId)?.find((r) => r.triageOutcomeId === triage.id);
      if (!open) {
        throw new AppError(
          "CONFLICT",
          "This risk is no longer open: someone has recorded it reviewed or resolved, or the triage no longer records it. Refresh the page.",
        );
      }
      if (triage.version !== version) {
        throw new AppError(
          "CONFLICT",
          "The triage has changed since you opened this page: refresh it and read the risk as it now stands before recording it reviewed or resolved.",
        );
      }
      const review = await tx.riskReview.create({
        data: { triageOutcomeId: triage.id, triageVersion: triage.version, outcome, reason, reviewedById: ctx.actor.id, reviewedAt: now },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: outcome === "REVIEWED" ? "risk.review" : "risk.resolve",
        patientId: triage.patientId,
        entityType: "TriageOutcome",
        entityId: triage.id,
        request: ctx.request,
        // Kinds and version only: the reason is in the clinical record, not the audit trail.
        details: { riskReviewId: review.id, triageVersion: triage.version, kinds: open.kinds },
      });
      return { riskReviewId: review.id, patientId: triage.patientId, outcome, triageVersion: triage.version };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "Someone recorded this risk reviewed or resolved at the same moment. Refresh the page.");
    throw error;
  }
}
