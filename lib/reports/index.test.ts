import { describe, expect, it } from "vitest";
import {
  addFunnels,
  defaultPeriod,
  noShowRate,
  emptyFunnel,
  formatMinutes,
  formatPercent,
  funnelRows,
  isNested,
  monthPeriod,
  percent,
  previousMonth,
} from ".";

const pilot = { booked: 14, attended: 12, screenedPositive: 8, seenByTalkingTherapies: 8, broughtIntoService: 6, wentOnToTreatment: 4 };

describe("the clinic funnel's arithmetic", () => {
  it("gives each step its share of the previous step and of everyone booked", () => {
    const rows = funnelRows(pilot);
    expect(rows.map((r) => [r.step, r.count, r.percentOfPrevious, r.percentOfBooked])).toEqual([
      ["booked", 14, null, 100],
      ["attended", 12, 85.7, 85.7],
      ["screenedPositive", 8, 66.7, 57.1],
      ["seenByTalkingTherapies", 8, 100, 57.1],
      ["broughtIntoService", 6, 75, 42.9],
      ["wentOnToTreatment", 4, 66.7, 28.6],
    ]);
  });

  it("has no percentage of nothing", () => {
    expect(funnelRows(emptyFunnel()).every((r) => r.percentOfBooked === null && r.percentOfPrevious === null)).toBe(true);
    expect(percent(0, 0)).toBeNull();
    expect(formatPercent(null)).toBe("–");
    expect(formatPercent(66.7)).toBe("66.7%");
  });

  it("adds practices' funnels and checks each step is within the one before", () => {
    expect(addFunnels(pilot, pilot).wentOnToTreatment).toBe(8);
    expect(isNested(pilot)).toBe(true);
    expect(isNested({ ...pilot, wentOnToTreatment: 7 })).toBe(false);
  });

  it("counts did-not-attend only among mornings with an outcome", () => {
    expect(noShowRate(12, 2)).toBe(14.3);
    expect(noShowRate(0, 0)).toBeNull();
  });
});

describe("report periods", () => {
  it("defaults to the four weeks up to today", () => {
    expect(defaultPeriod("2026-03-01")).toEqual({ from: "2026-02-02", to: "2026-03-01" });
  });

  it("turns a month into its first and last dates, leap years included", () => {
    expect(monthPeriod("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthPeriod("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(previousMonth("2027-01-15")).toBe("2026-12");
  });

  it("shows minutes plainly", () => {
    expect(formatMinutes(null)).toBe("–");
    expect(formatMinutes(12.4)).toBe("12 min");
    expect(formatMinutes(135)).toBe("2 h 15 min");
  });
});
