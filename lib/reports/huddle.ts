/**
 * The referral huddle's figures in the clinic and practice reports: cases
 * brought, decided and where they went, and how long from bringing a case to
 * its decision and from the decision to the receiving service accepting the
 * referral. Counts and medians come from the database
 * (lib/services/reports/internal/report-queries.ts); this names and orders them
 * so the page, the CSV and the practice newsletter say the same thing. Pure.
 */
import type { HuddleDestination } from "@/lib/db/generated/enums";
import { HUDDLE_DESTINATION_LABELS, HUDDLE_DESTINATIONS } from "@/lib/huddle/services";
import { percent } from "./index";

/** Where a case can end up: every destination but "deferred", which only carries a case to the next huddle. */
export const FINAL_DESTINATIONS = HUDDLE_DESTINATIONS.filter((d) => d !== "DEFERRED") as Array<Exclude<HuddleDestination, "DEFERRED">>;
export type FinalDestination = (typeof FINAL_DESTINATIONS)[number];

/** What the database returns for the period (one row per destination with at least one case). */
export type HuddleFigures = {
  brought: number;
  decided: number;
  /** Cases deferred at least once on the way (still counted once). */
  deferredOnce: number;
  daysToDecision: { median: number | null; cases: number };
  referrals: { made: number; accepted: number; awaiting: number; overdue: number; closedWithoutAcceptance: number };
  daysToAcceptance: { median: number | null; referrals: number };
  byDestination: Array<{ destination: string; count: number }>;
};

export type HuddleDestinationRow = { destination: FinalDestination; label: string; count: number; percentOfDecided: number | null };

export type HuddleReport = Omit<HuddleFigures, "byDestination"> & {
  /** Brought and not (yet) decided: waiting for a huddle, or carried to the next. */
  stillOpen: number;
  byDestination: HuddleDestinationRow[];
};

/** Every final destination in the huddle's own order, with a count (0 when none) and its share of the decided cases. */
export function huddleReport(figures: HuddleFigures): HuddleReport {
  const counts = new Map(figures.byDestination.map((r) => [r.destination, r.count]));
  const unknown = figures.byDestination.filter((r) => !(FINAL_DESTINATIONS as readonly string[]).includes(r.destination));
  if (unknown.length > 0) throw new Error(`Not a final huddle destination: ${unknown.map((r) => r.destination).join(", ")}`);
  const byDestination = FINAL_DESTINATIONS.map((destination) => {
    const count = counts.get(destination) ?? 0;
    return { destination, label: HUDDLE_DESTINATION_LABELS[destination], count, percentOfDecided: percent(count, figures.decided) };
  });
  const total = byDestination.reduce((n, r) => n + r.count, 0);
  if (total !== figures.decided) throw new Error(`The destinations add up to ${total}, not the ${figures.decided} cases decided`);
  return { ...figures, stillOpen: Math.max(figures.brought - figures.decided, 0), byDestination };
}

export function emptyHuddleFigures(): HuddleFigures {
  return {
    brought: 0,
    decided: 0,
    deferredOnce: 0,
    daysToDecision: { median: null, cases: 0 },
    referrals: { made: 0, accepted: 0, awaiting: 0, overdue: 0, closedWithoutAcceptance: 0 },
    daysToAcceptance: { median: null, referrals: 0 },
    byDestination: [],
  };
}

/** A median number of days as words; the count behind it is shown beside it. */
export function formatDays(days: number | null): string {
  if (days === null) return "–";
  const rounded = Math.round(days * 10) / 10;
  return `${rounded} day${rounded === 1 ? "" : "s"}`;
}

/** The figures as CSV rows: one measure per row, with the count behind each median. */
export function huddleCsvRows(
  report: HuddleReport,
): Array<{ measure: string; item: string; label: string; count: number; medianDays: number | null }> {
  const row = (measure: string, item: string, label: string, count: number, medianDays: number | null = null) => ({
    measure,
    item,
    label,
    count,
    medianDays,
  });
  return [
    row("cases", "brought", "Cases brought", report.brought),
    row("cases", "decided", "Decided", report.decided),
    row("cases", "still_open", "Not decided yet", report.stillOpen),
    row("cases", "deferred_at_least_once", "Deferred at least once", report.deferredOnce),
    ...report.byDestination.map((d) => row("destination", d.destination.toLowerCase(), d.label, d.count)),
    row("days", "bringing_to_decision", "Days from bringing to decision", report.daysToDecision.cases, report.daysToDecision.median),
    row("referrals", "made", "Referrals made", report.referrals.made),
    row("referrals", "accepted", "Accepted", report.referrals.accepted),
    row("referrals", "awaiting", "Awaiting acceptance", report.referrals.awaiting),
    row("referrals", "overdue", "Awaiting past their accept-by date", report.referrals.overdue),
    row("referrals", "closed_without_acceptance", "Closed without being accepted", report.referrals.closedWithoutAcceptance),
    row("days", "decision_to_acceptance", "Days from decision to acceptance", report.daysToAcceptance.referrals, report.daysToAcceptance.median),
  ];
}

/** How each figure is counted; shown beside them. */
export const HUDDLE_DEFINITIONS = {
  brought:
    "Patients brought to the PCN's referral huddle whose case was first brought in the period (London date). A case deferred or carried to a later huddle counts once.",
  decided: "Of those, the cases with a decision other than deferral, as they stand now (whenever it was made).",
  destination: "Where each decided case went.",
  daysToDecision:
    "Calendar days from the day the case was first brought to the day of the huddle that decided it (0: decided the day it was brought).",
  referrals: "Referrals made or moved on by those decisions, each counted once, and where each stands now.",
  daysToAcceptance:
    "Calendar days from the first huddle decision on a referral to the date the service accepted it (0: accepted at the huddle), for the referrals accepted so far.",
  overdue: "Still waiting to be accepted after the date by which it should have been.",
  scope:
    "Huddles belong to the PCN, not to a clinic: the clinic filter does not change these figures. A practice is the patient's registered practice.",
} as const;
