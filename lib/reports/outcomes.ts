/**
 * The newsletter's outcome figures: rows counted in PostgreSQL
 * (lib/services/reports/internal/outcome-queries.ts), one per practice,
 * pathway and long-term condition, summed here into a practice's or the PCN's
 * figures and split by pathway. The definitions themselves are
 * lib/outcomes/recovery.ts (decision 0015); this only adds and labels.
 */
import { percent } from "@/lib/reports";
import type { OutcomeRates } from "@/lib/outcomes/recovery";
import { CONDITION_LABELS, type LongTermConditionCode } from "@/lib/patients/reference-data";

export type Pathway = "STEP_2" | "STEP_3" | "LONG_TERM_CONDITIONS";

/** The referral counts of a period beside its outcome rates. */
export type OutcomeCounts = OutcomeRates & {
  /** Referrals into Talking Therapies received in the period (by referral date). */
  received: number;
  /** Referrals that entered treatment in the period (by the date treatment began). */
  enteredTreatment: number;
  /** Referrals closed after treatment in the period (by closing date), finished or not. */
  closedAfterTreatment: number;
};

export type OutcomeRow = OutcomeCounts & { practiceId: string; pathway: Pathway; ltcCondition: string | null };

export const OUTCOME_COUNT_KEYS = [
  "received",
  "enteredTreatment",
  "closedAfterTreatment",
  "finishedTreatment",
  "atCaseness",
  "recovered",
  "reliablyRecovered",
  "paired",
  "reliablyImproved",
  "reliablyDeteriorated",
] as const satisfies ReadonlyArray<keyof OutcomeCounts>;

export function emptyOutcomeCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOME_COUNT_KEYS.map((k) => [k, 0])) as OutcomeCounts;
}

export function sumOutcomes(rows: readonly OutcomeCounts[]): OutcomeCounts {
  const total = emptyOutcomeCounts();
  for (const row of rows) for (const k of OUTCOME_COUNT_KEYS) total[k] += row[k];
  return total;
}

/**
 * Under this many in a rate's denominator the newsletter shows the counts but
 * says the rate is too few to compare: with 4 people one recovery moves the
 * rate by 25 points, so a practice's month would swing on chance alone.
 */
export const TOO_FEW_TO_COMPARE = 5;

export type Rate = { numerator: number; denominator: number; percent: number | null; tooFew: boolean };

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: percent(numerator, denominator), tooFew: denominator < TOO_FEW_TO_COMPARE };
}

export type OutcomeSummary = OutcomeCounts & { recovery: Rate; reliableImprovement: Rate; reliableRecovery: Rate };

export function summarise(counts: OutcomeCounts): OutcomeSummary {
  return {
    ...counts,
    recovery: rate(counts.recovered, counts.atCaseness),
    reliableImprovement: rate(counts.reliablyImproved, counts.paired),
    reliableRecovery: rate(counts.reliablyRecovered, counts.atCaseness),
  };
}

/** The general pathway (steps 2 and 3) and the long-term-conditions pathway, as the newsletter splits them. */
export type PathwayGroup = "GENERAL" | "LONG_TERM_CONDITIONS";

export const PATHWAY_GROUP_LABELS: Record<PathwayGroup, string> = {
  GENERAL: "General (step 2 and step 3)",
  LONG_TERM_CONDITIONS: "Long-term conditions",
};

export function pathwayGroup(pathway: Pathway): PathwayGroup {
  return pathway === "LONG_TERM_CONDITIONS" ? "LONG_TERM_CONDITIONS" : "GENERAL";
}

export function ltcLabel(condition: string | null): string {
  return condition === null ? "Condition not recorded" : (CONDITION_LABELS[condition as LongTermConditionCode] ?? condition);
}

/** The figures of one set of rows (a practice's, or the PCN's): all, by pathway group, and by long-term condition. */
export type OutcomeBreakdown = {
  all: OutcomeSummary;
  byPathway: Record<PathwayGroup, OutcomeSummary>;
  byCondition: Array<{ condition: string | null; label: string; summary: OutcomeSummary }>;
};

export function breakdown(rows: readonly OutcomeRow[]): OutcomeBreakdown {
  const ltc = rows.filter((r) => r.pathway === "LONG_TERM_CONDITIONS");
  const conditions = [...new Set(ltc.map((r) => r.ltcCondition))].sort((a, b) => ltcLabel(a).localeCompare(ltcLabel(b)));
  return {
    all: summarise(sumOutcomes(rows)),
    byPathway: {
      GENERAL: summarise(sumOutcomes(rows.filter((r) => pathwayGroup(r.pathway) === "GENERAL"))),
      LONG_TERM_CONDITIONS: summarise(sumOutcomes(ltc)),
    },
    byCondition: conditions.map((condition) => ({
      condition,
      label: ltcLabel(condition),
      summary: summarise(sumOutcomes(ltc.filter((r) => r.ltcCondition === condition))),
    })),
  };
}

/** "4 of 6 (66.7%)", or the counts alone with "too few to compare" under the threshold. */
export function formatRate(r: Rate): string {
  if (r.denominator === 0) return "none to count yet";
  const counts = `${r.numerator} of ${r.denominator}`;
  return r.tooFew ? `${counts} (too few to compare)` : `${counts} (${r.percent}%)`;
}
