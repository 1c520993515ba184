import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HuddleCaseStatus } from "@/lib/db/generated/enums";
import { isCarriedOver, nextHuddleDate, planRollOver, rollOverDate, type RollOverCase } from "./roll-over";

const at = (iso: string) => new Date(iso);

describe("rolling a huddle's undecided cases over", () => {
  it("carries open and deferred cases, not decided ones, after the next huddle's own cases", () => {
    const cases: RollOverCase[] = [
      { id: "decided", status: "DECIDED", openRisk: false, broughtAt: at("2027-03-01T08:00:00Z"), position: 1 },
      { id: "deferred", status: "DEFERRED", openRisk: false, broughtAt: at("2027-03-01T09:00:00Z"), position: 2 },
      { id: "unreached", status: "OPEN", openRisk: false, broughtAt: at("2027-03-01T10:00:00Z"), position: 3 },
      { id: "urgent", status: "OPEN", openRisk: true, broughtAt: at("2027-03-01T11:00:00Z"), position: 4 },
    ];
    expect(planRollOver(cases, 2)).toEqual([
      { fromCaseId: "urgent", position: 3 },
      { fromCaseId: "deferred", position: 4 },
      { fromCaseId: "unreached", position: 5 },
    ]);
  });

  it("carries nothing when everything was decided", () => {
    expect(planRollOver([{ id: "a", status: "DECIDED", openRisk: true, broughtAt: new Date(), position: 1 }], 0)).toEqual([]);
  });

  it("refuses a nonsense last position", () => {
    expect(() => planRollOver([], -1)).toThrow(RangeError);
  });

  it("names which statuses are carried", () => {
    const carried = (["OPEN", "DECIDED", "DEFERRED", "ROLLED_OVER"] as HuddleCaseStatus[]).filter(isCarriedOver);
    expect(carried).toEqual(["OPEN", "DEFERRED"]);
  });

  it("property: carried cases get distinct places after the last one, one each", () => {
    const status = fc.constantFrom<HuddleCaseStatus>("OPEN", "DECIDED", "DEFERRED", "ROLLED_OVER");
    fc.assert(
      fc.property(fc.array(fc.record({ status, openRisk: fc.boolean(), minute: fc.nat(1000) }), { maxLength: 15 }), fc.nat(30), (items, last) => {
        const cases = items.map((c, i) => ({
          id: `c${i}`,
          status: c.status,
          openRisk: c.openRisk,
          broughtAt: new Date(c.minute * 60_000),
          position: i + 1,
        }));
        const plan = planRollOver(cases, last);
        expect(plan.length).toBe(cases.filter((c) => c.status === "OPEN" || c.status === "DEFERRED").length);
        expect(plan.map((p) => p.position)).toEqual(plan.map((_, i) => last + i + 1));
      }),
    );
  });
});

describe("the next huddle's date", () => {
  it("is the next weekday", () => {
    expect(nextHuddleDate("2027-03-01")).toBe("2027-03-02"); // Monday → Tuesday
    expect(nextHuddleDate("2027-03-05")).toBe("2027-03-08"); // Friday → Monday
    expect(nextHuddleDate("2027-03-06")).toBe("2027-03-08"); // Saturday → Monday
    expect(nextHuddleDate("2026-12-31")).toBe("2027-01-01"); // across the year
  });

  it("is unmoved by a clock change", () => {
    expect(nextHuddleDate("2027-03-26")).toBe("2027-03-29"); // the weekend the clocks go forward
    expect(nextHuddleDate("2027-10-29")).toBe("2027-11-01");
  });

  it("refuses a malformed date", () => {
    expect(() => nextHuddleDate("1 March")).toThrow(RangeError);
  });
});

describe("where a huddle left open past its day rolls to", () => {
  it("is the next weekday, or the first weekday from today when that has passed", () => {
    expect(rollOverDate("2027-03-01", "2027-03-01")).toBe("2027-03-02");
    expect(rollOverDate("2027-03-01", "2027-03-02")).toBe("2027-03-02");
    expect(rollOverDate("2027-03-01", "2027-03-04")).toBe("2027-03-04"); // three days late: today
    expect(rollOverDate("2027-03-01", "2027-03-06")).toBe("2027-03-08"); // late, on a Saturday: Monday
    expect(rollOverDate("2027-03-05", "2027-03-07")).toBe("2027-03-08"); // Friday's, seen on Sunday: Monday
  });
});
