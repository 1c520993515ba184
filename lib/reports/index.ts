/**
 * The clinic funnel's steps and the arithmetic around them. Counts come from
 * the database (lib/services/reports/); this only names the steps,
 * works out percentages and periods, so the page, the CSV and the practice
 * newsletter say the same thing.
 */
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";

export const FUNNEL_STEPS = ["booked", "attended", "screenedPositive", "seenByTalkingTherapies", "broughtIntoService", "wentOnToTreatment"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export type FunnelCounts = Record<FunnelStep, number>;

export const FUNNEL_LABELS: Record<FunnelStep, string> = {
  booked: "Booked",
  attended: "Attended",
  screenedPositive: "PHQ-4 at or above threshold",
  seenByTalkingTherapies: "Seen by Talking Therapies",
  broughtIntoService: "Brought into the service",
  wentOnToTreatment: "Went on to treatment",
};

/** How each step is counted; shown on the report page and in the practice newsletter. */
export const FUNNEL_DEFINITIONS: Record<FunnelStep, string> = {
  booked: "Clinic-day visits with a morning appointment that was not cancelled (one per patient per clinic day).",
  attended: "Of those, the patient arrived for the morning (arrived or seen).",
  screenedPositive: "Of those, the current PHQ-4 (after any amendment) totals at or above the clinic's threshold.",
  seenByTalkingTherapies: "Of those, a Talking Therapies appointment that day was called in or finished, or a triage outcome was recorded.",
  broughtIntoService: "Of those, the referral made at triage has been accepted by Talking Therapies (accepted or in treatment).",
  wentOnToTreatment: "Of those, the referral records a date treatment began.",
};

export type FunnelRow = {
  step: FunnelStep;
  label: string;
  count: number;
  /** Whole-number percentages, null where the base is zero (or for the first step's "of previous"). */
  percentOfPrevious: number | null;
  percentOfBooked: number | null;
};

export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export function formatPercent(value: number | null): string {
  return value === null ? "–" : `${value}%`;
}

/** The funnel as rows, each with its share of the step before and of everyone booked. */
export function funnelRows(counts: FunnelCounts): FunnelRow[] {
  return FUNNEL_STEPS.map((step, i) => ({
    step,
    label: FUNNEL_LABELS[step],
    count: counts[step],
    percentOfPrevious: i === 0 ? null : percent(counts[step], counts[FUNNEL_STEPS[i - 1]]),
    percentOfBooked: percent(counts[step], counts.booked),
  }));
}

export function emptyFunnel(): FunnelCounts {
  return { booked: 0, attended: 0, screenedPositive: 0, seenByTalkingTherapies: 0, broughtIntoService: 0, wentOnToTreatment: 0 };
}

export function addFunnels(a: FunnelCounts, b: FunnelCounts): FunnelCounts {
  const out = emptyFunnel();
  for (const step of FUNNEL_STEPS) out[step] = a[step] + b[step];
  return out;
}

/** Each step is a subset of the one before: a step larger than its predecessor means the counting is wrong. */
export function isNested(counts: FunnelCounts): boolean {
  return FUNNEL_STEPS.every((step, i) => i === 0 || counts[step] <= counts[FUNNEL_STEPS[i - 1]]);
}

/**
 * Did-not-attend rate: of the visits whose morning has an outcome (arrived or
 * did not attend), the share that did not attend. Visits still only booked
 * (today's, or a future day in the period) are left out rather than counted as attended.
 */
export function noShowRate(attended: number, noShows: number): number | null {
  return percent(noShows, attended + noShows);
}

function shiftDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The default period: the four weeks up to and including today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: shiftDays(today, -27), to: today };
}

/** A month "YYYY-MM" as its first and last calendar dates. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export function previousMonth(today: string): string {
  const [y, m] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** Median/percentile minutes from the database arrive as numbers or null; show them rounded. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, "0")} min`;
}

export const SESSION_LABELS = SESSION_KIND_LABELS;

export const TRIAGE_OUTCOME_LABELS = {
  REFER: "Referred into Talking Therapies",
  REVIEW_LATER: "Review at a later clinic",
  STANDALONE_SUPPORT: "Standalone support contact",
  SIGNPOST: "Signposted elsewhere",
} as const;

export const PATHWAY_LABELS = { STEP_2: "Step 2", STEP_3: "Step 3", LONG_TERM_CONDITIONS: "Long-term conditions" } as const;

export const REFERRAL_STATUS_LABELS = {
  REFERRED: "Awaiting a decision",
  ACCEPTED: "Accepted",
  ENTERED_TREATMENT: "In treatment",
  FINISHED_TREATMENT: "Closed after treatment",
  DECLINED: "Declined",
  DID_NOT_ENGAGE: "Did not engage",
} as const;
