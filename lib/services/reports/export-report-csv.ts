import Papa from "papaparse";
import { assertPermission } from "@/lib/auth/permissions";
import { FUNNEL_STEPS, percent, SESSION_LABELS } from "@/lib/reports";
import { type OutcomeBreakdown, type OutcomeSummary } from "@/lib/reports/outcomes";
import { getPracticeNewsletter } from "@/lib/services/reports/get-practice-newsletter";
import { practiceNewsletterSchema, practiceReportSchema, reportFilterSchema, reportKindSchema, type ReportKind } from "@/lib/validation/reports";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { getPracticeReport } from "@/lib/services/reports/get-practice-report";
import { TIME_LABELS } from "@/lib/reports/times";
import { huddleCsvRows } from "@/lib/reports/huddle";

const SNAKE: Record<(typeof FUNNEL_STEPS)[number], string> = {
  booked: "booked",
  attended: "attended",
  screenedPositive: "screened_positive",
  seenByTalkingTherapies: "seen_by_talking_therapies",
  broughtIntoService: "brought_into_service",
  wentOnToTreatment: "went_on_to_treatment",
};

export type ReportCsv = { fileName: string; csv: string };

/**
 * Any report as CSV: a header row, one fact per cell, dates as ISO 8601
 * (YYYY-MM-DD), percentages as plain numbers. Counting is the same service the
 * page uses; the export is audited as `report.export`.
 */
export async function exportReportCsv(ctx: ServiceContext, kindInput: unknown, input: Record<string, unknown>): Promise<ReportCsv> {
  assertPermission(ctx.actor, "report:view");
  const kind: ReportKind = parseInput(reportKindSchema, kindInput);
  if (kind === "practice-month") return practiceMonthCsv(ctx, input);
  if (kind === "practice-newsletter") return practiceNewsletterCsv(ctx, input);
  // Validate before the audited read, so a bad link changes nothing.
  const query = parseInput(reportFilterSchema, input);
  const report = await getClinicReport(ctx, query, "report.export", kind);
  const f = report.filter;
  const scope = [f.from, f.to, f.clinicName ?? "All clinics", f.practice ?? "All practices"];
  const scopeFields = ["period_from", "period_to", "clinic", "practice_ods"];
  const name = `${kind}-${f.from}-to-${f.to}${f.practice ? `-${f.practice}` : ""}.csv`;
  if (kind === "funnel") {
    return csv(
      name,
      [...scopeFields, "step", "label", "patients", "percent_of_previous_step", "percent_of_booked"],
      report.funnel.map((r) => [...scope, SNAKE[r.step], r.label, r.count, r.percentOfPrevious, r.percentOfBooked]),
    );
  }
  if (kind === "practices") {
    const rows = report.byPractice.map((p) => [
      f.from,
      f.to,
      f.clinicName ?? "All clinics",
      p.odsCode,
      p.name,
      ...FUNNEL_STEPS.map((s) => p.counts[s]),
      p.noShows,
      percent(p.noShows, p.counts.attended + p.noShows),
    ]);
    return csv(name, [...scopeFields, "practice_name", ...FUNNEL_STEPS.map((s) => SNAKE[s]), "did_not_attend", "dna_rate_percent"], rows);
  }
  if (kind === "slot-use") {
    return csv(
      name,
      [...scopeFields, "session", "label", "slots", "booked", "attended", "did_not_attend", "percent_booked", "percent_used"],
      report.slotUse.map((s) => [...scope, s.kind, SESSION_LABELS[s.kind], s.slots, s.booked, s.attended, s.noShows, s.percentBooked, s.percentUsed]),
    );
  }
  if (kind === "huddle") {
    // Huddles are the PCN's: the clinic filter does not apply, so the clinic column says so.
    const huddleScope = [f.from, f.to, "All clinics (huddles are the PCN's)", f.practice ?? "All practices"];
    return csv(
      name,
      [...scopeFields, "measure", "item", "label", "count", "median_days"],
      huddleCsvRows(report.huddle).map((r) => [...huddleScope, r.measure, r.item, r.label, r.count, r.medianDays]),
    );
  }
  return csv(
    name,
    [...scopeFields, "measure", "label", "visits", "median_minutes", "p90_minutes"],
    report.times.map((t) => [...scope, t.measure, TIME_LABELS[t.measure], t.visits, t.medianMinutes, t.p90Minutes]),
  );
}

async function practiceMonthCsv(ctx: ServiceContext, input: Record<string, unknown>): Promise<ReportCsv> {
  const query = parseInput(practiceReportSchema, input);
  const r = await getPracticeReport(ctx, query, "report.export");
  const base = [r.practice.odsCode, r.practice.name, r.month, r.filter.from, r.filter.to, r.filter.clinicName ?? "All clinics"];
  const rows: unknown[][] = [
    ...r.funnel.map((f) => [...base, "funnel", SNAKE[f.step], null, f.count]),
    [...base, "attendance", "did_not_attend", null, r.noShows],
    ...r.triage.map((t) => [...base, "triage_outcome", t.outcome, null, t.count]),
    ...r.referrals.map((x) => [...base, "referral", x.status, x.pathway, x.count]),
    ...huddleCsvRows(r.huddle).map((h) => [...base, `huddle_${h.measure}`, h.item, null, h.count, h.medianDays]),
  ];
  return csv(
    `practice-${r.practice.odsCode}-${r.month}.csv`,
    ["practice_ods", "practice_name", "month", "period_from", "period_to", "clinic", "section", "item", "pathway", "count", "median_days"],
    rows,
  );
}

/** The newsletter's figures, the practice's and the PCN's, all and by pathway and condition: one row each. */
async function practiceNewsletterCsv(ctx: ServiceContext, input: Record<string, unknown>): Promise<ReportCsv> {
  const query = parseInput(practiceNewsletterSchema, input);
  const r = await getPracticeNewsletter(ctx, query, "report.export");
  const base = [r.practice.odsCode, r.practice.name, r.month, r.practitioner?.name ?? ""];
  const line = (area: string, pathway: string, condition: string, x: OutcomeSummary) => [
    ...base,
    area,
    pathway,
    condition,
    x.received,
    x.enteredTreatment,
    x.closedAfterTreatment,
    x.finishedTreatment,
    x.atCaseness,
    x.recovered,
    x.recovery.percent,
    x.paired,
    x.reliablyImproved,
    x.reliableImprovement.percent,
    x.reliablyRecovered,
    x.reliableRecovery.percent,
    x.reliablyDeteriorated,
    x.recovery.tooFew || x.reliableImprovement.tooFew ? "yes" : "no",
  ];
  const area = (name: string, b: OutcomeBreakdown) => [
    line(name, "all", "", b.all),
    line(name, "general", "", b.byPathway.GENERAL),
    line(name, "long_term_conditions", "", b.byPathway.LONG_TERM_CONDITIONS),
    ...b.byCondition.map((c) => line(name, "long_term_conditions", c.label, c.summary)),
  ];
  return csv(
    `practice-newsletter-${r.practice.odsCode}-${r.month}.csv`,
    [
      "practice_ods",
      "practice_name",
      "month",
      "talking_therapies_practitioner",
      "area",
      "pathway",
      "long_term_condition",
      "referrals_received",
      "entered_treatment",
      "closed_after_treatment",
      "finished_treatment",
      "finished_at_caseness",
      "recovered",
      "recovery_rate_percent",
      "finished_with_paired_scores",
      "reliably_improved",
      "reliable_improvement_rate_percent",
      "reliably_recovered",
      "reliable_recovery_rate_percent",
      "reliably_deteriorated",
      "too_few_to_compare",
    ],
    [...area("practice", r.figures), ...area("pcn", r.pcn)],
  );
}

function csv(fileName: string, fields: string[], data: unknown[][]): ReportCsv {
  // escapeFormulae: a clinic or practice name starting with = + - @ must not run as a formula in a spreadsheet.
  return { fileName, csv: Papa.unparse({ fields, data: data.map((row) => row.map((v) => v ?? "")) }, { escapeFormulae: true }) };
}
