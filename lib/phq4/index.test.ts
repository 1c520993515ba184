import { describe, expect, it } from "vitest";
import {
  DEFAULT_PHQ4_THRESHOLD,
  PHQ2_TOTAL_LOINC,
  PHQ4_ANSWER_OPTIONS,
  PHQ4_BAND_LABELS,
  PHQ4_BAND_RANGES,
  PHQ4_ITEMS,
  PHQ4_PANEL_LOINC,
  PHQ4_STEM,
  PHQ4_TOTAL_LOINC,
  meetsThreshold,
  phq4Band,
  scorePhq4,
  type Phq4Answers,
} from "./index";
import { phq4AnswersSchema } from "./schema";

describe("PHQ-4 definitions", () => {
  it("has the stem, items, subscales and LOINC codes from DOMAIN.md in order", () => {
    expect(PHQ4_STEM).toBe("Over the last 2 weeks, how often have you been bothered by the following problems?");
    expect(PHQ4_ITEMS.map((i) => [i.number, i.text, i.subscale, i.loinc])).toEqual([
      [1, "Feeling nervous, anxious or on edge", "anxiety", "69725-0"],
      [2, "Not being able to stop or control worrying", "anxiety", "68509-9"],
      [3, "Little interest or pleasure in doing things", "depression", "44250-9"],
      [4, "Feeling down, depressed or hopeless", "depression", "44255-8"],
    ]);
  });

  it("has the answer options with values and LOINC answer codes", () => {
    expect(PHQ4_ANSWER_OPTIONS.map((o) => [o.label, o.value, o.loinc])).toEqual([
      ["Not at all", 0, "LA6568-5"],
      ["Several days", 1, "LA6569-3"],
      ["More than half the days", 2, "LA6570-1"],
      ["Nearly every day", 3, "LA6571-9"],
    ]);
  });

  it("exports the panel and score codes", () => {
    expect(PHQ4_PANEL_LOINC).toBe("69724-3");
    expect(PHQ4_TOTAL_LOINC).toBe("70272-0");
    expect(PHQ2_TOTAL_LOINC).toBe("55758-7");
  });

  it("has band labels and ranges covering 0–12 without gaps", () => {
    expect(PHQ4_BAND_LABELS).toEqual({
      normal: "Normal",
      mild: "Mild",
      moderate: "Moderate",
      severe: "Severe",
    });
    for (let total = 0; total <= 12; total++) {
      const band = phq4Band(total);
      const [lo, hi] = PHQ4_BAND_RANGES[band];
      expect(total).toBeGreaterThanOrEqual(lo);
      expect(total).toBeLessThanOrEqual(hi);
    }
  });
});

// Independent, deliberately plain statement of the scoring rule.
function expected(a: number, b: number, c: number, d: number) {
  const anxiety = a + b;
  const depression = c + d;
  const total = a + b + c + d;
  let band: string;
  if (total >= 0 && total <= 2) band = "normal";
  else if (total >= 3 && total <= 5) band = "mild";
  else if (total >= 6 && total <= 8) band = "moderate";
  else band = "severe";
  return {
    total,
    anxiety,
    depression,
    band,
    anxietyPositive: anxiety >= 3,
    depressionPositive: depression >= 3,
  };
}

describe("scorePhq4", () => {
  it("matches the rule for all 256 answer combinations", () => {
    let checked = 0;
    for (let a = 0; a <= 3; a++)
      for (let b = 0; b <= 3; b++)
        for (let c = 0; c <= 3; c++)
          for (let d = 0; d <= 3; d++) {
            expect(scorePhq4([a, b, c, d]), `answers ${a}${b}${c}${d}`).toEqual(expected(a, b, c, d));
            checked++;
          }
    expect(checked).toBe(256);
  });

  it("scores the examples a clinician would check by hand", () => {
    expect(scorePhq4([0, 0, 0, 0])).toMatchObject({ total: 0, band: "normal" });
    expect(scorePhq4([2, 1, 0, 0])).toMatchObject({
      total: 3,
      band: "mild",
      anxietyPositive: true,
      depressionPositive: false,
    });
    expect(scorePhq4([3, 3, 3, 3])).toMatchObject({ total: 12, band: "severe" });
  });

  it.each<[string, unknown]>([
    ["a value above 3", [4, 0, 0, 0]],
    ["a negative value", [0, -1, 0, 0]],
    ["a decimal", [0, 0, 1.5, 0]],
    ["NaN", [0, 0, 0, Number.NaN]],
    ["a string", [0, 0, 0, "1"]],
    ["too few answers", [0, 0, 0]],
    ["too many answers", [0, 0, 0, 0, 0]],
  ])("throws on %s", (_name, answers) => {
    expect(() => scorePhq4(answers as Phq4Answers)).toThrow(RangeError);
  });

  it("phq4Band rejects totals outside 0–12", () => {
    expect(() => phq4Band(13)).toThrow(RangeError);
    expect(() => phq4Band(-1)).toThrow(RangeError);
  });
});

describe("meetsThreshold", () => {
  it("defaults to 3 and is inclusive", () => {
    expect(DEFAULT_PHQ4_THRESHOLD).toBe(3);
    expect(meetsThreshold(2)).toBe(false);
    expect(meetsThreshold(3)).toBe(true);
    expect(meetsThreshold(2, DEFAULT_PHQ4_THRESHOLD)).toBe(false);
    expect(meetsThreshold(3, DEFAULT_PHQ4_THRESHOLD)).toBe(true);
  });

  it("uses a clinic-set threshold", () => {
    expect(meetsThreshold(5, 6)).toBe(false);
    expect(meetsThreshold(6, 6)).toBe(true);
  });
});

describe("phq4AnswersSchema", () => {
  const issues = (input: unknown) => {
    const result = phq4AnswersSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
  };

  it("accepts four integers 0–3 and numeric strings from forms", () => {
    expect(phq4AnswersSchema.parse([0, 1, 2, 3])).toEqual([0, 1, 2, 3]);
    expect(phq4AnswersSchema.parse(["3", "2", "1", "0"])).toEqual([3, 2, 1, 0]);
  });

  it("names each missing question", () => {
    expect(issues([0, undefined, 1])).toEqual([
      { path: [1], message: "Answer question 2: Not being able to stop or control worrying" },
      { path: [3], message: "Answer question 4: Feeling down, depressed or hopeless" },
    ]);
    expect(issues([])).toEqual([
      { path: [0], message: "Answer question 1: Feeling nervous, anxious or on edge" },
      { path: [1], message: "Answer question 2: Not being able to stop or control worrying" },
      { path: [2], message: "Answer question 3: Little interest or pleasure in doing things" },
      { path: [3], message: "Answer question 4: Feeling down, depressed or hopeless" },
    ]);
  });

  it.each<[string, unknown]>([
    ["4", 4],
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", Number.NaN],
    ["empty string", ""],
    ['" 1"', " 1"],
    ['"1.0"', "1.0"],
    ["null", null],
    ["true", true],
  ])("rejects %s as an answer", (_name, bad) => {
    expect(issues([0, bad, 0, 0])).toEqual([{ path: [1], message: "Answer question 2: Not being able to stop or control worrying" }]);
  });

  it("rejects non-arrays and more than four answers", () => {
    expect(issues({ q1: 0 })[0]?.message).toBe("Answer all 4 questions");
    expect(issues([0, 0, 0, 0, 0])[0]?.message).toBe("Answer all 4 questions");
  });

  it("output scores without further checks", () => {
    const answers = phq4AnswersSchema.parse(["1", "1", "1", "0"]);
    expect(scorePhq4(answers)).toMatchObject({ total: 3, band: "mild" });
  });
});
