/**
 * Questionnaires as data (issue 15): an instrument version holds its items,
 * answer options and a scoring rule limited to a sum with bands, which standard
 * measure its total is reported as, and whether it is validated for outcome
 * reporting. The standard PHQ-4, PHQ-9 and GAD-7 are the built-in first
 * versions; a clinic lead adds adapted or local versions (for example a
 * learning-disability adapted PHQ-9 a service holds, or a district nurses'
 * short PHQ-9) without code. Pure: the database keeps the same rules
 * (migration 20261202143615_outcomes_through_treatment) and the services write
 * the built-in versions at first use.
 */
import { z } from "zod";
import { PHQ4_ANSWER_OPTIONS, PHQ4_BAND_RANGES, PHQ4_BAND_LABELS, PHQ4_ITEMS, PHQ4_STEM } from "@/lib/phq4";
import { MEASURES, PHQ9_SELF_HARM_ITEM, type Measure } from "./measures";

export type StandardMeasure = "PHQ4" | Measure;

export const STANDARD_MEASURE_LABELS: Readonly<Record<StandardMeasure, string>> = {
  PHQ4: "PHQ-4",
  PHQ9: "PHQ-9",
  GAD7: "GAD-7",
};

export type InstrumentItem = { text: string; risk: boolean };
export type InstrumentOption = { label: string; value: number };
export type InstrumentBand = { label: string; from: number; to: number };

export type InstrumentDefinition = {
  code: string;
  version: number;
  name: string;
  mapsTo: StandardMeasure | null;
  validatedForOutcomes: boolean;
  source: string;
  stem: string;
  items: InstrumentItem[];
  options: InstrumentOption[];
  bands: InstrumentBand[];
  maxTotal: number;
  caseness: number | null;
};

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max} characters or fewer`);

/** Highest total a sum of the items can reach: items × the highest answer. */
export function reachableMax(items: readonly unknown[], options: readonly InstrumentOption[]): number {
  return items.length * Math.max(...options.map((o) => o.value));
}

/**
 * An instrument version as a clinic lead enters it. Refused, each with a
 * message naming what to fix: answers not starting at 0 or not rising, a
 * highest total its items cannot reach (or can exceed), bands that leave a
 * total without a band or overlap, a caseness threshold outside the range, an
 * outcome-validated version without a standard measure, or one whose range is
 * not that measure's (its totals would not compare like with like).
 */
export const instrumentVersionSchema = z
  .object({
    code: z
      .string({ error: "Enter a code" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, "The code must be letters, digits, - or _ (up to 32), for example PHQ9-LD"),
    version: z.coerce.number({ error: "Enter the version number" }).int("The version must be a whole number").min(1, "The version starts at 1"),
    name: text("name", 120),
    mapsTo: z.enum(["PHQ4", "PHQ9", "GAD7"]).nullable(),
    validatedForOutcomes: z.boolean(),
    source: text("source of the wording", 500),
    stem: text("question stem", 500),
    items: z
      .array(z.object({ text: text("item wording", 500), risk: z.boolean() }))
      .min(1, "Add at least one item")
      .max(50, "An instrument has at most 50 items"),
    options: z
      .array(z.object({ label: text("answer label", 80), value: z.number().int("Answer values are whole numbers").min(0) }))
      .min(2, "Add at least two answer options")
      .max(11, "An instrument has at most 11 answer options"),
    bands: z
      .array(z.object({ label: text("band label", 60), from: z.number().int().min(0), to: z.number().int().min(0) }))
      .min(1, "Add at least one band"),
    maxTotal: z.coerce.number().int("The highest total must be a whole number").min(1),
    caseness: z.coerce.number().int().min(1).nullable(),
  })
  .superRefine((v, ctx) => {
    const values = v.options.map((o) => o.value);
    if (values[0] !== 0 || values.some((value, i) => i > 0 && value <= values[i - 1])) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Answer values must start at 0 and rise with each option" });
      return;
    }
    const reachable = reachableMax(v.items, v.options);
    if (v.maxTotal !== reachable) {
      ctx.addIssue({
        code: "custom",
        path: ["maxTotal"],
        message: `The highest total must be ${reachable}: ${v.items.length} items × the highest answer ${values.at(-1)} (its scoring is their sum)`,
      });
      return;
    }
    const bands = [...v.bands].sort((a, b) => a.from - b.from);
    let next = 0;
    for (const band of bands) {
      if (band.from > band.to || band.from !== next) {
        ctx.addIssue({
          code: "custom",
          path: ["bands"],
          message: `The bands must cover every total from 0 to ${v.maxTotal} once, in order, without gaps`,
        });
        return;
      }
      next = band.to + 1;
    }
    if (next !== v.maxTotal + 1) {
      ctx.addIssue({
        code: "custom",
        path: ["bands"],
        message: `The bands must cover every total from 0 to ${v.maxTotal} once, in order, without gaps`,
      });
      return;
    }
    if (v.caseness !== null && v.caseness > v.maxTotal) {
      ctx.addIssue({ code: "custom", path: ["caseness"], message: `The caseness threshold must be between 1 and ${v.maxTotal}` });
    }
    if (v.validatedForOutcomes) {
      if (v.mapsTo === null) {
        ctx.addIssue({
          code: "custom",
          path: ["mapsTo"],
          message: "A version validated for outcome reporting must say which standard measure it reports as",
        });
      } else if (v.mapsTo !== "PHQ4" && v.maxTotal !== MEASURES[v.mapsTo].max) {
        ctx.addIssue({
          code: "custom",
          path: ["maxTotal"],
          message: `A version reported as the ${STANDARD_MEASURE_LABELS[v.mapsTo]} must score 0 to ${MEASURES[v.mapsTo].max}, as it does`,
        });
      } else if (v.mapsTo !== "PHQ4" && v.caseness !== MEASURES[v.mapsTo].caseness) {
        ctx.addIssue({
          code: "custom",
          path: ["caseness"],
          message: `A version reported as the ${STANDARD_MEASURE_LABELS[v.mapsTo]} has its caseness threshold, ${MEASURES[v.mapsTo].caseness}`,
        });
      }
    }
  });

export type InstrumentVersionInput = z.input<typeof instrumentVersionSchema>;

export type InstrumentScore = { total: number; band: string; atCaseness: boolean | null; riskItems: number[] };

/**
 * Scores answers (in item order) by the version's rule: their sum, its band,
 * caseness, and the risk items (1-based) answered above 0, which need a risk
 * response. Throws on answers that do not fit the version: a score from bad
 * input could hide a risk.
 */
export function scoreInstrument(
  instrument: Pick<InstrumentDefinition, "name" | "items" | "options" | "bands" | "caseness">,
  answers: readonly number[],
): InstrumentScore {
  const allowed = new Set(instrument.options.map((o) => o.value));
  if (answers.length !== instrument.items.length || !answers.every((a) => Number.isInteger(a) && allowed.has(a))) {
    throw new RangeError(`${instrument.name} needs ${instrument.items.length} answers, each one of its answer options`);
  }
  const total = answers.reduce((sum, a) => sum + a, 0);
  const band = instrument.bands.find((b) => total >= b.from && total <= b.to);
  if (!band) throw new RangeError(`${instrument.name} has no band for a total of ${total}`);
  return {
    total,
    band: band.label,
    atCaseness: instrument.caseness === null ? null : total >= instrument.caseness,
    riskItems: answers.flatMap((a, i) => (a > 0 && instrument.items[i].risk ? [i + 1] : [])),
  };
}

/** The four answers of the PHQ, PHQ-9 and GAD-7 (Pfizer's published wording). */
const FREQUENCY_OPTIONS: InstrumentOption[] = PHQ4_ANSWER_OPTIONS.map(({ label, value }) => ({ label, value }));

const PFIZER = "PHQ and GAD-7 instruments, Pfizer (phqscreeners.com): no permission required to reproduce, translate, display or distribute";

const bandsOf = (measure: Measure): InstrumentBand[] =>
  MEASURES[measure].bands.map(([label, from, to]) => ({ label: label[0].toUpperCase() + label.slice(1), from, to }));

/**
 * The built-in first versions. Wording: PHQ-4, Kroenke et al. 2009; PHQ-9,
 * Kroenke, Spitzer and Williams 2001 (J Gen Intern Med 16:606–613); GAD-7,
 * Spitzer et al. 2006 (Arch Intern Med 166:1092–1097), as published by Pfizer.
 */
export const BUILTIN_INSTRUMENTS: readonly InstrumentDefinition[] = [
  {
    code: "PHQ4",
    version: 1,
    name: "PHQ-4",
    mapsTo: "PHQ4",
    validatedForOutcomes: false,
    source: `Kroenke K et al. Psychosomatics 2009;50:613–621. ${PFIZER}`,
    stem: PHQ4_STEM,
    items: PHQ4_ITEMS.map((item) => ({ text: item.text, risk: false })),
    options: FREQUENCY_OPTIONS,
    bands: (Object.keys(PHQ4_BAND_RANGES) as Array<keyof typeof PHQ4_BAND_RANGES>).map((band) => ({
      label: PHQ4_BAND_LABELS[band],
      from: PHQ4_BAND_RANGES[band][0],
      to: PHQ4_BAND_RANGES[band][1],
    })),
    maxTotal: 12,
    caseness: null,
  },
  {
    code: "PHQ9",
    version: 1,
    name: "PHQ-9",
    mapsTo: "PHQ9",
    validatedForOutcomes: true,
    source: `Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606–613. ${PFIZER}`,
    stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items: [
      "Little interest or pleasure in doing things",
      "Feeling down, depressed, or hopeless",
      "Trouble falling or staying asleep, or sleeping too much",
      "Feeling tired or having little energy",
      "Poor appetite or overeating",
      "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
      "Trouble concentrating on things, such as reading the newspaper or watching television",
      "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
      "Thoughts that you would be better off dead or of hurting yourself in some way",
    ].map((text, i) => ({ text, risk: i + 1 === PHQ9_SELF_HARM_ITEM })),
    options: FREQUENCY_OPTIONS,
    bands: bandsOf("PHQ9"),
    maxTotal: MEASURES.PHQ9.max,
    caseness: MEASURES.PHQ9.caseness,
  },
  {
    code: "GAD7",
    version: 1,
    name: "GAD-7",
    mapsTo: "GAD7",
    validatedForOutcomes: true,
    source: `Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092–1097. ${PFIZER}`,
    stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
    items: [
      "Feeling nervous, anxious or on edge",
      "Not being able to stop or control worrying",
      "Worrying too much about different things",
      "Trouble relaxing",
      "Being so restless that it is hard to sit still",
      "Becoming easily annoyed or irritable",
      "Feeling afraid as if something awful might happen",
    ].map((text) => ({ text, risk: false })),
    options: FREQUENCY_OPTIONS,
    bands: bandsOf("GAD7"),
    maxTotal: MEASURES.GAD7.max,
    caseness: MEASURES.GAD7.caseness,
  },
];

export function builtinInstrument(code: "PHQ4" | "PHQ9" | "GAD7"): InstrumentDefinition {
  return BUILTIN_INSTRUMENTS.find((i) => i.code === code)!;
}

export { COMPLETED_BY_LABELS } from "./labels";
