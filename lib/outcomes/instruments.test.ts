import { describe, expect, it } from "vitest";
import { BUILTIN_INSTRUMENTS, builtinInstrument, instrumentVersionSchema, scoreInstrument, type InstrumentDefinition } from "./instruments";
import { scoreMeasure } from "./measures";
import { scorePhq4 } from "@/lib/phq4";

const issuesOf = (input: unknown) => {
  const result = instrumentVersionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

/** A learning-disability adapted PHQ-9 as a service might hold it: fewer answer options, the same 0–27 range is impossible. */
const adapted = (over: Partial<InstrumentDefinition> = {}): InstrumentDefinition => ({
  code: "PHQ9-LD",
  version: 1,
  name: "PHQ-9 (easy read, service's adapted version)",
  mapsTo: "PHQ9",
  validatedForOutcomes: false,
  source: "Held by the service",
  stem: "In the last 2 weeks, how often have you…",
  items: Array.from({ length: 9 }, (_, i) => ({ text: `Item ${i + 1}`, risk: i === 8 })),
  options: [
    { label: "Never", value: 0 },
    { label: "Sometimes", value: 1 },
    { label: "A lot", value: 2 },
    { label: "Always", value: 3 },
  ],
  bands: [
    { label: "Low", from: 0, to: 9 },
    { label: "High", from: 10, to: 27 },
  ],
  maxTotal: 27,
  caseness: 10,
  ...over,
});

describe("built-in instruments", () => {
  it("are valid versions by the same rules a clinic lead's version meets", () => {
    for (const instrument of BUILTIN_INSTRUMENTS) expect(issuesOf(instrument), instrument.code).toEqual([]);
  });

  it("score PHQ-9 and GAD-7 exactly as the measures module does, over every answer combination", () => {
    for (const [code, items] of [
      ["PHQ9", 9],
      ["GAD7", 7],
    ] as const) {
      const instrument = builtinInstrument(code);
      // 4^9 = 262,144 combinations: every one, not a sample.
      const answers = new Array<number>(items).fill(0);
      for (let n = 0; n < 4 ** items; n++) {
        let rest = n;
        for (let i = 0; i < items; i++) {
          answers[i] = rest % 4;
          rest = Math.floor(rest / 4);
        }
        const expected = scoreMeasure(code, answers);
        const got = scoreInstrument(instrument, answers);
        if (got.total !== expected.total || got.band.toLowerCase() !== expected.band || got.atCaseness !== expected.atCaseness) {
          throw new Error(`${code} ${answers.join("")}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
        }
        if (got.riskItems.length > 0 !== expected.selfHarmPrompt) throw new Error(`${code} ${answers.join("")}: risk prompt differs`);
      }
    }
  });

  it("score the PHQ-4 as the clinic day does", () => {
    const phq4 = builtinInstrument("PHQ4");
    for (let n = 0; n < 256; n++) {
      const answers = [n & 3, (n >> 2) & 3, (n >> 4) & 3, (n >> 6) & 3] as const;
      const expected = scorePhq4(answers);
      const got = scoreInstrument(phq4, answers);
      expect(got.total).toBe(expected.total);
      expect(got.band.toLowerCase()).toBe(expected.band);
    }
  });

  it("mark only PHQ-9 item 9 as a risk item", () => {
    expect(
      builtinInstrument("PHQ9")
        .items.map((i, n) => (i.risk ? n + 1 : 0))
        .filter(Boolean),
    ).toEqual([9]);
    expect(builtinInstrument("GAD7").items.some((i) => i.risk)).toBe(false);
    expect(scoreInstrument(builtinInstrument("PHQ9"), [0, 0, 0, 0, 0, 0, 0, 0, 1]).riskItems).toEqual([9]);
  });

  it("refuse answers that do not fit", () => {
    const phq9 = builtinInstrument("PHQ9");
    expect(() => scoreInstrument(phq9, [0, 0, 0])).toThrow(/needs 9 answers/);
    expect(() => scoreInstrument(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 4])).toThrow(/answer options/);
    expect(() => scoreInstrument(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 0.5])).toThrow(/answer options/);
  });
});

describe("a clinic lead's instrument version", () => {
  it("is accepted when its rule is a reachable sum with bands covering every total", () => {
    expect(issuesOf(adapted())).toEqual([]);
    expect(issuesOf(adapted({ validatedForOutcomes: true }))).toEqual([]);
  });

  it("is refused when its scoring rule cannot reach its maximum", () => {
    expect(issuesOf(adapted({ maxTotal: 30 }))).toEqual([
      "maxTotal: The highest total must be 27: 9 items × the highest answer 3 (its scoring is their sum)",
    ]);
    // A short PHQ-9 with 3 options (0–2) on 9 items cannot reach 27.
    const short = adapted({ options: adapted().options.slice(0, 3) });
    expect(issuesOf(short)[0]).toMatch(/^maxTotal: The highest total must be 18/);
  });

  it("is refused when its answers do not start at 0 and rise", () => {
    expect(
      issuesOf(
        adapted({
          options: [
            { label: "A", value: 1 },
            { label: "B", value: 2 },
          ],
        }),
      ),
    ).toEqual(["options: Answer values must start at 0 and rise with each option"]);
    expect(
      issuesOf(
        adapted({
          options: [
            { label: "A", value: 0 },
            { label: "B", value: 0 },
          ],
        }),
      )[0],
    ).toMatch(/start at 0 and rise/);
  });

  it("is refused when a total has no band, or two", () => {
    const gap = adapted({
      bands: [
        { label: "Low", from: 0, to: 8 },
        { label: "High", from: 10, to: 27 },
      ],
    });
    const overlap = adapted({
      bands: [
        { label: "Low", from: 0, to: 10 },
        { label: "High", from: 10, to: 27 },
      ],
    });
    const short = adapted({ bands: [{ label: "Low", from: 0, to: 20 }] });
    for (const v of [gap, overlap, short])
      expect(issuesOf(v)).toEqual(["bands: The bands must cover every total from 0 to 27 once, in order, without gaps"]);
  });

  it("reported as a standard measure for outcomes, keeps that measure's range and caseness", () => {
    const short = adapted({
      code: "PHQ9-DN",
      name: "Short PHQ-9 for district nurses",
      items: adapted().items.slice(0, 2),
      maxTotal: 6,
      bands: [
        { label: "Low", from: 0, to: 2 },
        { label: "Low mood", from: 3, to: 6 },
      ],
      caseness: 3,
    });
    expect(issuesOf(short)).toEqual([]);
    expect(issuesOf({ ...short, validatedForOutcomes: true })).toEqual(["maxTotal: A version reported as the PHQ-9 must score 0 to 27, as it does"]);
    expect(issuesOf(adapted({ validatedForOutcomes: true, caseness: 12 }))).toEqual([
      "caseness: A version reported as the PHQ-9 has its caseness threshold, 10",
    ]);
    expect(issuesOf(adapted({ validatedForOutcomes: true, mapsTo: null }))).toEqual([
      "mapsTo: A version validated for outcome reporting must say which standard measure it reports as",
    ]);
  });

  it("says what is missing in plain words", () => {
    const issues = issuesOf({ ...adapted(), code: "phq 9", name: " ", items: [] });
    expect(issues).toContain("code: The code must be letters, digits, - or _ (up to 32), for example PHQ9-LD");
    expect(issues).toContain("name: Enter the name");
    expect(issues).toContain("items: Add at least one item");
  });
});
