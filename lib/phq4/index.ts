/**
 * PHQ-4 (Kroenke et al., 2009): wording, codes and scoring, from shared/DOMAIN.md.
 * Copyright Pfizer; "no permission required to reproduce, translate, display or
 * distribute".
 */

/** LOINC panel code for the whole PHQ-4 questionnaire. */
export const PHQ4_PANEL_LOINC = "69724-3";
/** LOINC code for the PHQ-4 total score (0–12). */
export const PHQ4_TOTAL_LOINC = "70272-0";
/** LOINC code for the PHQ-2 (depression subscale) total score (0–6). */
export const PHQ2_TOTAL_LOINC = "55758-7";
// GAD-2 total: no LOINC code found (unconfirmed), so none is exported. Do not
// reuse 70272-0 for it; add a constant here once a code is confirmed.

export const PHQ4_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?";

export type Phq4Subscale = "anxiety" | "depression";

export interface Phq4Item {
  /** 1-based question number, as shown to the person. */
  readonly number: 1 | 2 | 3 | 4;
  readonly text: string;
  /** anxiety = GAD-2 items, depression = PHQ-2 items. */
  readonly subscale: Phq4Subscale;
  readonly loinc: string;
}

/** Items in questionnaire order; index i holds question i + 1. */
export const PHQ4_ITEMS = [
  { number: 1, text: "Feeling nervous, anxious or on edge", subscale: "anxiety", loinc: "69725-0" },
  { number: 2, text: "Not being able to stop or control worrying", subscale: "anxiety", loinc: "68509-9" },
  { number: 3, text: "Little interest or pleasure in doing things", subscale: "depression", loinc: "44250-9" },
  { number: 4, text: "Feeling down, depressed or hopeless", subscale: "depression", loinc: "44255-8" },
] as const satisfies readonly Phq4Item[];

export type Phq4AnswerValue = 0 | 1 | 2 | 3;

export interface Phq4AnswerOption {
  readonly label: string;
  readonly value: Phq4AnswerValue;
  /** LOINC answer code (LA…). */
  readonly loinc: string;
}

export const PHQ4_ANSWER_OPTIONS = [
  { label: "Not at all", value: 0, loinc: "LA6568-5" },
  { label: "Several days", value: 1, loinc: "LA6569-3" },
  { label: "More than half the days", value: 2, loinc: "LA6570-1" },
  { label: "Nearly every day", value: 3, loinc: "LA6571-9" },
] as const satisfies readonly Phq4AnswerOption[];

/** Answers to questions 1–4, in order. */
export type Phq4Answers = readonly [number, number, number, number];

export type Phq4Band = "normal" | "mild" | "moderate" | "severe";

export const PHQ4_BAND_LABELS: Readonly<Record<Phq4Band, string>> = {
  normal: "Normal",
  mild: "Mild",
  moderate: "Moderate",
  severe: "Severe",
};

/** Inclusive total-score ranges per band (0–2, 3–5, 6–8, 9–12). */
export const PHQ4_BAND_RANGES: Readonly<Record<Phq4Band, readonly [number, number]>> = {
  normal: [0, 2],
  mild: [3, 5],
  moderate: [6, 8],
  severe: [9, 12],
};

/** A subscale (GAD-2 or PHQ-2) score of 3 or more is a positive screen. */
export const PHQ4_SUBSCALE_POSITIVE_AT = 3;

/**
 * Pilot clinic rule: a total of 3 or above offers an afternoon Talking Therapies
 * appointment. It is a clinic setting; this is only the default.
 */
export const DEFAULT_PHQ4_THRESHOLD = 3;

export interface Phq4Score {
  total: number;
  /** GAD-2: questions 1 + 2. */
  anxiety: number;
  /** PHQ-2: questions 3 + 4. */
  depression: number;
  band: Phq4Band;
  anxietyPositive: boolean;
  depressionPositive: boolean;
}

/** One PHQ-4 answer: 0 (not at all) to 3 (nearly every day). */
export function isAnswerValue(value: unknown): value is Phq4AnswerValue {
  return value === 0 || value === 1 || value === 2 || value === 3;
}

export function phq4Band(total: number): Phq4Band {
  if (!Number.isInteger(total) || total < 0 || total > 12) {
    throw new RangeError(`PHQ-4 total must be an integer from 0 to 12, got ${total}`);
  }
  if (total <= 2) return "normal";
  if (total <= 5) return "mild";
  if (total <= 8) return "moderate";
  return "severe";
}

/**
 * Scores a complete PHQ-4. Throws on anything but four integers 0–3: a score
 * computed from bad input could hide a positive screen, so it must not pass
 * silently (validate user input with phq4AnswersSchema first).
 */
export function scorePhq4(answers: Phq4Answers): Phq4Score {
  if (!Array.isArray(answers) || answers.length !== 4 || !answers.every(isAnswerValue)) {
    throw new RangeError("PHQ-4 needs four answers, each an integer from 0 to 3");
  }
  const [q1, q2, q3, q4] = answers;
  const anxiety = q1 + q2;
  const depression = q3 + q4;
  const total = anxiety + depression;
  return {
    total,
    anxiety,
    depression,
    band: phq4Band(total),
    anxietyPositive: anxiety >= PHQ4_SUBSCALE_POSITIVE_AT,
    depressionPositive: depression >= PHQ4_SUBSCALE_POSITIVE_AT,
  };
}

/** True when the total reaches the clinic's threshold (default 3). */
export function meetsThreshold(total: number, threshold: number = DEFAULT_PHQ4_THRESHOLD): boolean {
  return total >= threshold;
}

/** "Answer question 2: Not being able to stop or control worrying". */
export function phq4MissingAnswerMessage(questionNumber: 1 | 2 | 3 | 4): string {
  const item = PHQ4_ITEMS.find((i) => i.number === questionNumber);
  return `Answer question ${questionNumber}: ${item?.text ?? ""}`;
}

export const PHQ4_ANSWERS_MESSAGE = "Answer all 4 questions";
