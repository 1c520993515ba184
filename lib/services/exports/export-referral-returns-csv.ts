import Papa from "papaparse";
import { assertPermission } from "@/lib/auth/permissions";
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from "@/lib/referral";
import { referralReturnsSchema } from "@/lib/validation/reports";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { referralOutcomes } from "@/lib/services/reports/internal/outcome-queries";

export const REFERRAL_RETURNS_COLUMNS = [
  "referral_id",
  "nhs_number",
  "practice_ods_code",
  "referral_received",
  "referral_source",
  "pathway",
  "long_term_condition",
  "status",
  "assessment_date",
  "first_treatment_date",
  "entered_treatment_date",
  "end_date",
  "end_reason",
  "treatment_sessions_attended",
  "finished_treatment",
  "first_measured_date",
  "first_phq9",
  "first_phq9_version",
  "first_gad7",
  "first_gad7_version",
  "last_measured_date",
  "last_phq9",
  "last_phq9_version",
  "last_gad7",
  "last_gad7_version",
  "caseness_at_start",
  "recovered",
  "reliably_improved",
  "reliably_deteriorated",
  "reliably_recovered",
] as const;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
/** yes / no, or empty where the definition does not apply (e.g. recovery of a course not at caseness). */
const yesNo = (b: boolean | null) => (b === null ? "" : b ? "yes" : "no");

/**
 * Referrals into Talking Therapies open at some time in the period (received by
 * its end, not closed before its start), one row each with their contacts'
 * dates and the first and last measured sessions' PHQ-9 and GAD-7 (with the
 * instrument version used, "CODE vN"), and the outcome as the reports count it
 * (the same SQL, held to lib/outcomes/recovery.ts): the service's own returns.
 * Patient-level, so each patient exported is an audited view.
 */
export async function exportReferralReturnsCsv(ctx: ServiceContext, input: unknown): Promise<{ fileName: string; csv: string }> {
  assertPermission(ctx.actor, "referral:export");
  const period = parseInput(referralReturnsSchema, input);
  return ctx.db.$transaction(
    async (tx) => {
      const rows = await referralOutcomes(tx, ctx.actor.pcnId, period);
      const patients = await tx.patient.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.patientId))] } },
        select: { id: true, nhsNumber: true, practice: { select: { odsCode: true } } },
      });
      const byId = new Map(patients.map((p) => [p.id, p]));
      await recordPatientViews(
        tx,
        {
          actor: ctx.actor,
          action: "referral.export-returns",
          entityType: "Export",
          entityId: "referral-returns",
          request: ctx.request,
          details: { from: period.from, to: period.to, referrals: rows.length },
        },
        rows.map((r) => r.patientId),
      );
      const data = rows.map((r) => {
        const closed = r.closedAt !== null;
        const reliablyRecovered = r.recovered === null ? null : r.recovered && r.reliablyImproved === true;
        return [
          r.referralId,
          byId.get(r.patientId)?.nhsNumber ?? "",
          byId.get(r.patientId)?.practice.odsCode ?? "",
          day(r.referredAt),
          r.viaTriage ? "triage" : "huddle",
          r.pathway,
          r.ltcCondition ?? "",
          r.status,
          day(r.assessmentDate),
          day(r.firstTreatmentDate),
          day(r.enteredTreatmentAt),
          day(r.closedAt),
          closed ? (r.closedReason ?? REFERRAL_STATUS_LABELS[r.status as ReferralStatus]) : "",
          r.treatmentSessions,
          yesNo(r.finishedTreatment),
          day(r.firstDate),
          r.firstPhq9 ?? "",
          r.firstPhq9Version ?? "",
          r.firstGad7 ?? "",
          r.firstGad7Version ?? "",
          day(r.lastDate),
          r.lastPhq9 ?? "",
          r.lastPhq9Version ?? "",
          r.lastGad7 ?? "",
          r.lastGad7Version ?? "",
          yesNo(r.atCaseness),
          yesNo(r.recovered),
          yesNo(r.reliablyImproved),
          yesNo(r.reliablyDeteriorated),
          yesNo(reliablyRecovered),
        ];
      });
      // escapeFormulae: a closing reason typed as "=..." must not run as a formula in a spreadsheet.
      const csv = Papa.unparse({ fields: [...REFERRAL_RETURNS_COLUMNS], data }, { escapeFormulae: true });
      return { fileName: `referral-returns-${period.from}-to-${period.to}.csv`, csv };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
