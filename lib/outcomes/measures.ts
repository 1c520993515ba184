/**
 * The standard outcome measures of NHS Talking Therapies, PHQ-9 and GAD-7:
 * their totals, severity bands, caseness thresholds and codes
 * (shared/DOMAIN.md). Both are free to reproduce (Pfizer: "no permission
 * required to reproduce, translate, display or distribute"). Item wording is
 * data of each instrument version, not code; this module only scores.
 */

export type Measure = "PHQ9" | "GAD7";

export type MeasureBand = "minimal" | "mild" | "moderate" | "moderately severe" | "severe";

export type MeasureDefinition = {
  readonly measure: Measure;
  readonly label: string;
  readonly items: number;
  /** Highest total: items × 3. */
  readonly max: number;
  /** LOINC code of the whole questionnaire (panel). */
  readonly panelLoinc: string;
  /** LOINC code of the total score. */
  readonly totalLoinc: string;
  /** SNOMED CT code of the assessment scale. */
  readonly snomed: string;
  /** At caseness at or above this total (NHS Talking Therapies). */
  readonly caseness: number;
  /** A change of at least this much is reliable (NHS Talking Therapies). */
  readonly reliableChange: number;
  /** Inclusive total ranges, lowest first. */
  readonly bands: ReadonlyArray<readonly [MeasureBand, number, number]>;
};

export const MEASURES: Readonly<Record<Measure, MeasureDefinition>> = {
  PHQ9: {
    measure: "PHQ9",
    label: "PHQ-9",
    items: 9,
    max: 27,
    panelLoinc: "44249-1",
    totalLoinc: "44261-6",
    snomed: "720433000",
    caseness: 10,
    reliableChange: 6,
    bands: [
      ["minimal", 0, 4],
      ["mild", 5, 9],
      ["moderate", 10, 14],
      ["moderately severe", 15, 19],
      ["severe", 20, 27],
    ],
  },
  GAD7: {
    measure: "GAD7",
    label: "GAD-7",
    items: 7,
    max: 21,
    panelLoinc: "69737-5",
    totalLoinc: "70274-6",
    snomed: "445455005",
    caseness: 8,
    reliableChange: 4,
    bands: [
      ["minimal", 0, 4],
      ["mild", 5, 9],
      ["moderate", 10, 14],
      ["severe", 15, 21],
    ],
  },
};

/** The PHQ-9's item about thoughts of self-harm: any answer above 0 needs a risk response on the spot. */
export const PHQ9_SELF_HARM_ITEM = 9;

function checkTotal(measure: Measure, total: number): void {
  const { label, max } = MEASURES[measure];
  if (!Number.isInteger(total) || total < 0 || total > max) {
    throw new RangeError(`A ${label} total must be a whole number from 0 to ${max}, got ${total}`);
  }
}

/** The severity band of a total. */
export function measureBand(measure: Measure, total: number): MeasureBand {
  checkTotal(measure, total);
  const band = MEASURES[measure].bands.find(([, low, high]) => total >= low && total <= high);
  // The bands cover 0..max without gaps (tested), so there is always one.
  return band![0];
}

/** At or above the measure's caseness threshold (PHQ-9 ≥ 10, GAD-7 ≥ 8). */
export function atCaseness(measure: Measure, total: number): boolean {
  checkTotal(measure, total);
  return total >= MEASURES[measure].caseness;
}

export type MeasureScore = { total: number; band: MeasureBand; atCaseness: boolean; selfHarmPrompt: boolean };

/**
 * Scores a complete PHQ-9 or GAD-7 (answers in item order, each 0–3). Throws
 * on anything else: a score from bad input could hide a risk, so it must not
 * pass silently. `selfHarmPrompt` is true when PHQ-9 item 9 is above 0.
 */
export function scoreMeasure(measure: Measure, answers: readonly number[]): MeasureScore {
  const { label, items } = MEASURES[measure];
  if (!Array.isArray(answers) || answers.length !== items || !answers.every((a) => a === 0 || a === 1 || a === 2 || a === 3)) {
    throw new RangeError(`A ${label} needs ${items} answers, each a whole number from 0 to 3`);
  }
  const total = answers.reduce((sum, a) => sum + a, 0);
  return {
    total,
    band: measureBand(measure, total),
    atCaseness: atCaseness(measure, total),
    selfHarmPrompt: measure === "PHQ9" && answers[PHQ9_SELF_HARM_ITEM - 1] > 0,
  };
}
