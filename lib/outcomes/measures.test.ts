import { describe, expect, it } from "vitest";
import { atCaseness, MEASURES, measureBand, scoreMeasure, type Measure } from "./measures";

/** Every answer combination of `items` questions answered 0–3, as base-4 digits of 0 … 4^items − 1. */
function* everyAnswerSet(items: number): Generator<number[]> {
  for (let n = 0; n < 4 ** items; n++) {
    const answers: number[] = [];
    let rest = n;
    for (let i = 0; i < items; i++) {
      answers.push(rest % 4);
      rest = Math.floor(rest / 4);
    }
    yield answers;
  }
}

describe.each(["PHQ9", "GAD7"] as Measure[])("%s", (measure) => {
  const def = MEASURES[measure];

  it("bands cover every total from 0 to the maximum once, lowest first, with no gap", () => {
    expect(def.bands[0][1]).toBe(0);
    expect(def.bands.at(-1)![2]).toBe(def.max);
    for (let i = 1; i < def.bands.length; i++) expect(def.bands[i][1]).toBe(def.bands[i - 1][2] + 1);
    expect(def.max).toBe(def.items * 3);
  });

  it("scores every answer combination: the total is the sum, the band holds the total, caseness at the threshold", () => {
    // Plain comparisons in the loop (262,144 PHQ-9 answer sets), one expect at the end.
    const perTotal = new Map<number, number>();
    const wrong: string[] = [];
    for (const answers of everyAnswerSet(def.items)) {
      const score = scoreMeasure(measure, answers);
      const sum = answers.reduce((a, b) => a + b, 0);
      const [, low, high] = def.bands.find(([band]) => band === score.band)!;
      const right =
        score.total === sum &&
        sum >= low &&
        sum <= high &&
        score.atCaseness === sum >= def.caseness &&
        score.selfHarmPrompt === (measure === "PHQ9" && answers[8] > 0);
      if (!right && wrong.length < 5) wrong.push(`${answers.join(",")} → ${JSON.stringify(score)}`);
      perTotal.set(sum, (perTotal.get(sum) ?? 0) + 1);
    }
    expect(wrong).toEqual([]);
    // Every total from 0 to the maximum is reachable, and only those.
    expect([...perTotal.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: def.max + 1 }, (_, i) => i));
  });

  it("refuses answers that are missing, extra or out of range rather than scoring them", () => {
    expect(() => scoreMeasure(measure, Array(def.items - 1).fill(0))).toThrow(RangeError);
    expect(() => scoreMeasure(measure, Array(def.items + 1).fill(0))).toThrow(RangeError);
    expect(() => scoreMeasure(measure, [...Array(def.items - 1).fill(0), 4])).toThrow(RangeError);
    expect(() => scoreMeasure(measure, [...Array(def.items - 1).fill(0), 1.5])).toThrow(RangeError);
    expect(() => measureBand(measure, def.max + 1)).toThrow(RangeError);
    expect(() => atCaseness(measure, -1)).toThrow(RangeError);
  });
});

describe("published bands and thresholds (shared/DOMAIN.md)", () => {
  it("PHQ-9: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe; caseness from 10", () => {
    expect([0, 4, 5, 9, 10, 14, 15, 19, 20, 27].map((t) => measureBand("PHQ9", t))).toEqual([
      "minimal",
      "minimal",
      "mild",
      "mild",
      "moderate",
      "moderate",
      "moderately severe",
      "moderately severe",
      "severe",
      "severe",
    ]);
    expect([atCaseness("PHQ9", 9), atCaseness("PHQ9", 10)]).toEqual([false, true]);
  });

  it("GAD-7: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe; caseness from 8", () => {
    expect([0, 4, 5, 9, 10, 14, 15, 21].map((t) => measureBand("GAD7", t))).toEqual([
      "minimal",
      "minimal",
      "mild",
      "mild",
      "moderate",
      "moderate",
      "severe",
      "severe",
    ]);
    expect([atCaseness("GAD7", 7), atCaseness("GAD7", 8)]).toEqual([false, true]);
  });

  it("item 9 of the PHQ-9 above 0 prompts a risk response even when the total is low", () => {
    expect(scoreMeasure("PHQ9", [0, 0, 0, 0, 0, 0, 0, 0, 1])).toMatchObject({ total: 1, band: "minimal", selfHarmPrompt: true });
    expect(scoreMeasure("PHQ9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).selfHarmPrompt).toBe(false);
  });
});
