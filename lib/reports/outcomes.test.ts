import { describe, expect, it } from "vitest";
import { breakdown, emptyOutcomeCounts, formatRate, rate, TOO_FEW_TO_COMPARE, type OutcomeRow } from "./outcomes";

const row = (pathway: OutcomeRow["pathway"], ltcCondition: string | null, recovered: number, atCaseness: number): OutcomeRow => ({
  ...emptyOutcomeCounts(),
  practiceId: "p",
  pathway,
  ltcCondition,
  recovered,
  atCaseness,
  finishedTreatment: atCaseness,
  paired: atCaseness,
});

describe("the newsletter's rates", () => {
  it("show the counts behind each rate, and say too few to compare under the threshold", () => {
    expect(TOO_FEW_TO_COMPARE).toBe(5);
    expect(formatRate(rate(1, 1))).toBe("1 of 1 (too few to compare)");
    expect(formatRate(rate(3, 4))).toBe("3 of 4 (too few to compare)");
    expect(formatRate(rate(4, 5))).toBe("4 of 5 (80%)");
    expect(formatRate(rate(2, 3 + 3))).toBe("2 of 6 (33.3%)");
    expect(formatRate(rate(0, 0))).toBe("none to count yet");
  });

  it("add a practice's rows into all, general and long-term-conditions pathways, and each condition", () => {
    const b = breakdown([
      row("STEP_2", null, 1, 2),
      row("STEP_3", null, 2, 3),
      row("LONG_TERM_CONDITIONS", "DIABETES", 1, 1),
      row("LONG_TERM_CONDITIONS", "COPD", 0, 2),
    ]);
    expect(b.all.recovery).toEqual({ numerator: 4, denominator: 8, percent: 50, tooFew: false });
    expect(b.byPathway.GENERAL.recovery).toMatchObject({ numerator: 3, denominator: 5 });
    expect(b.byPathway.LONG_TERM_CONDITIONS.recovery).toMatchObject({ numerator: 1, denominator: 3, tooFew: true });
    expect(b.byCondition.map((c) => [c.label, c.summary.recovered])).toEqual([
      ["COPD", 0],
      ["Diabetes", 1],
    ]);
  });
});
