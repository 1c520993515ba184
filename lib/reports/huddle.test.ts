import { describe, expect, it } from "vitest";
import { emptyHuddleFigures, FINAL_DESTINATIONS, formatDays, huddleCsvRows, huddleReport, type HuddleFigures } from "./huddle";

const figures: HuddleFigures = {
  brought: 7,
  decided: 6,
  deferredOnce: 1,
  daysToDecision: { median: 0.5, cases: 6 },
  referrals: { made: 4, accepted: 3, awaiting: 1, overdue: 1, closedWithoutAcceptance: 0 },
  daysToAcceptance: { median: 0, referrals: 3 },
  byDestination: [
    { destination: "SECONDARY_CARE_PSYCHOTHERAPY", count: 2 },
    { destination: "CMHT", count: 1 },
    { destination: "TALKING_THERAPIES", count: 1 },
    { destination: "PERINATAL", count: 1 },
    { destination: "BACK_TO_GP", count: 1 },
  ],
};

describe("the huddle's report figures", () => {
  it("lists every final destination in the huddle's order, zero where none, with its share of the decided cases", () => {
    const report = huddleReport(figures);
    expect(report.byDestination.map((d) => d.destination)).toEqual([
      "TALKING_THERAPIES",
      "CMHT",
      "SECONDARY_CARE_PSYCHOTHERAPY",
      "STEP_4_INTERFACE",
      "PERINATAL",
      "OTHER_SERVICE",
      "BACK_TO_GP",
      "SOCIAL_PRESCRIBING",
    ]);
    expect(report.byDestination.map((d) => d.count)).toEqual([1, 1, 2, 0, 1, 0, 1, 0]);
    expect(report.byDestination[2]).toMatchObject({ label: "Referred to secondary care psychotherapy", percentOfDecided: 33.3 });
    expect(report.byDestination[3].percentOfDecided).toBe(0);
    expect(report.stillOpen).toBe(1);
  });

  it("never lists deferral as where a case ended", () => {
    expect(FINAL_DESTINATIONS).not.toContain("DEFERRED");
    expect(() => huddleReport({ ...figures, byDestination: [...figures.byDestination, { destination: "DEFERRED", count: 1 }] })).toThrow(/DEFERRED/);
  });

  it("refuses destinations that do not add up to the cases decided (a counting mistake)", () => {
    expect(() => huddleReport({ ...figures, decided: 5 })).toThrow(/add up to 6, not the 5/);
  });

  it("an empty period has no shares and no medians", () => {
    const report = huddleReport(emptyHuddleFigures());
    expect(report.byDestination.every((d) => d.count === 0 && d.percentOfDecided === null)).toBe(true);
    expect(report).toMatchObject({ brought: 0, stillOpen: 0, daysToDecision: { median: null, cases: 0 } });
  });

  it("writes medians in days, with the singular for one", () => {
    expect(formatDays(null)).toBe("–");
    expect(formatDays(0)).toBe("0 days");
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(2.25)).toBe("2.3 days");
  });

  it("gives the CSV one measure a row, each median with the count behind it", () => {
    const rows = huddleCsvRows(huddleReport(figures));
    expect(rows.find((r) => r.item === "bringing_to_decision")).toEqual({
      measure: "days",
      item: "bringing_to_decision",
      label: "Days from bringing to decision",
      count: 6,
      medianDays: 0.5,
    });
    expect(rows.find((r) => r.item === "decision_to_acceptance")).toMatchObject({ count: 3, medianDays: 0 });
    expect(rows.filter((r) => r.measure === "destination")).toHaveLength(8);
    expect(rows.find((r) => r.item === "overdue")?.count).toBe(1);
    expect(new Set(rows.map((r) => `${r.measure}/${r.item}`)).size).toBe(rows.length);
  });
});
