import { assertPermission } from "@/lib/auth/permissions";
import type { ReferralPathway, RiskReviewOutcome, SignpostKind, TriageOutcomeKind } from "@/lib/db/generated/enums";
import { changedTriageFields, TRIAGE_FIELDS, type TriageField } from "@/lib/triage";
import { TRIAGE_FIELD_LABELS } from "@/lib/triage/versions";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { loadPatient } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";
import { loadOpenRisks, type OpenRisk } from "@/lib/services/risks/internal/open-risks";

export type TriageVersionEntry = {
  version: number;
  recordedAt: Date;
  recordedByName: string;
  changeReason: string | null;
  /** Labels of the fields this version changed from the one before (all it filled, for version 1). */
  changed: string[];
  content: {
    presentingProblems: string;
    riskToSelf: boolean;
    riskToOthers: boolean;
    riskFromOthers: boolean;
    riskActionTaken: string | null;
    outcome: TriageOutcomeKind;
    pathway: ReferralPathway | null;
    signpostKind: SignpostKind | null;
    signpostTo: string | null;
    /** The review day chosen in this version (YYYY-MM-DD), if any. */
    reviewDate: string | null;
    consentToReferral: boolean;
    recommendations: string[];
  };
};

export type RiskReviewEntry = {
  id: string;
  outcome: RiskReviewOutcome;
  reason: string;
  reviewedByName: string;
  reviewedAt: Date;
  triageVersion: number;
};

export type TriageHistoryEntry = {
  triageOutcomeId: string;
  appointmentId: string;
  /** The clinic day of the triage (YYYY-MM-DD) and its clinic. */
  date: string;
  clinicName: string;
  version: number;
  /** Its risk while open (flagged on every list), else null. */
  openRisk: OpenRisk | null;
  /** Newest first. */
  versions: TriageVersionEntry[];
  /** Who recorded the risk reviewed or resolved, when and why; newest first. */
  reviews: RiskReviewEntry[];
};

export type TriageHistory = { patient: { id: string; name: string; nhsNumber: string }; triages: TriageHistoryEntry[] };

const iso = (d: Date) => d.toISOString().slice(0, 10);

const filled = (v: unknown) => v !== null && v !== false && v !== "" && !(Array.isArray(v) && v.length === 0);

/**
 * Every Talking Therapies triage of a patient with each of its versions (who
 * saved it, when, why, what changed, and the content as it was), and each
 * risk's reviews: so an unticked risk and its action text stay readable.
 * Clinical content, audited as a view.
 */
export async function getTriageHistory(ctx: ServiceContext, input: unknown): Promise<TriageHistory> {
  assertPermission(ctx.actor, "risk:review");
  const { patientId } = parseInput(patientRefSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, patientId);
    const triages = await tx.triageOutcome.findMany({
      where: { patientId, appointment: { clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } } },
      select: {
        id: true,
        appointmentId: true,
        version: true,
        appointment: { select: { clinicDay: { select: { date: true, clinic: { select: { name: true } } } } } },
      },
      orderBy: { recordedAt: "desc" },
    });
    const ids = triages.map((t) => t.id);
    const versions = await tx.triageVersion.findMany({
      where: { triageOutcomeId: { in: ids } },
      include: { recordedBy: { select: { name: true } } },
      orderBy: { version: "asc" },
    });
    const reviews = await tx.riskReview.findMany({
      where: { triageOutcomeId: { in: ids } },
      include: { reviewedBy: { select: { name: true } } },
      orderBy: { reviewedAt: "desc" },
    });
    const dayIds = [...new Set(versions.map((v) => v.reviewClinicDayId).filter((id): id is string => id !== null))];
    const days = new Map(
      (await tx.clinicDay.findMany({ where: { id: { in: dayIds } }, select: { id: true, date: true } })).map((d) => [d.id, iso(d.date)]),
    );
    const open = (await loadOpenRisks(tx, [patientId])).get(patientId) ?? [];
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "triage.history.view",
      patientId,
      entityType: "Patient",
      entityId: patientId,
      request: ctx.request,
      details: { triages: triages.length, versions: versions.length },
    });

    const content = (v: (typeof versions)[number]): Record<TriageField, unknown> =>
      Object.fromEntries(TRIAGE_FIELDS.map((f) => [f, v[f]])) as Record<TriageField, unknown>;
    return {
      patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, nhsNumber: patient.nhsNumber },
      triages: triages.map((t) => {
        const mine = versions.filter((v) => v.triageOutcomeId === t.id);
        return {
          triageOutcomeId: t.id,
          appointmentId: t.appointmentId,
          date: iso(t.appointment.clinicDay.date),
          clinicName: t.appointment.clinicDay.clinic.name,
          version: t.version,
          openRisk: open.find((r) => r.triageOutcomeId === t.id) ?? null,
          versions: mine
            .map((v, i) => ({
              version: v.version,
              recordedAt: v.recordedAt,
              recordedByName: v.recordedBy.name,
              changeReason: v.changeReason,
              changed: (i === 0 ? TRIAGE_FIELDS.filter((f) => filled(v[f])) : changedTriageFields(content(mine[i - 1]), content(v))).map(
                (f) => TRIAGE_FIELD_LABELS[f],
              ),
              content: {
                presentingProblems: v.presentingProblems,
                riskToSelf: v.riskToSelf,
                riskToOthers: v.riskToOthers,
                riskFromOthers: v.riskFromOthers,
                riskActionTaken: v.riskActionTaken,
                outcome: v.outcome,
                pathway: v.pathway,
                signpostKind: v.signpostKind,
                signpostTo: v.signpostTo,
                reviewDate: v.reviewClinicDayId ? (days.get(v.reviewClinicDayId) ?? null) : null,
                consentToReferral: v.consentToReferral,
                recommendations: v.recommendations,
              },
            }))
            .reverse(),
          reviews: reviews
            .filter((r) => r.triageOutcomeId === t.id)
            .map((r) => ({
              id: r.id,
              outcome: r.outcome,
              reason: r.reason,
              reviewedByName: r.reviewedBy.name,
              reviewedAt: r.reviewedAt,
              triageVersion: r.triageVersion,
            })),
        };
      }),
    };
  });
}
