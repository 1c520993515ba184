import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderCases, type OrderableCase } from "./order";

const at = (hhmm: string, day = "2027-03-01") => new Date(`${day}T${hhmm}:00Z`);

describe("huddle case order", () => {
  it("puts urgent cases (an open risk) first, then the earliest brought", () => {
    const cases: OrderableCase[] = [
      { id: "a", openRisk: false, broughtAt: at("09:00"), position: 1 },
      { id: "b", openRisk: true, broughtAt: at("11:00"), position: 2 },
      { id: "c", openRisk: false, broughtAt: at("08:00"), position: 3 },
      { id: "d", openRisk: true, broughtAt: at("10:00"), position: 4 },
    ];
    expect(orderCases(cases).map((c) => c.id)).toEqual(["d", "b", "c", "a"]);
  });

  it("puts a case carried over from yesterday before today's, as it was brought earlier", () => {
    const carried = { id: "carried", openRisk: false, broughtAt: at("15:00", "2027-02-26"), position: 3 };
    const today = { id: "today", openRisk: false, broughtAt: at("08:00"), position: 1 };
    expect(orderCases([today, carried]).map((c) => c.id)).toEqual(["carried", "today"]);
  });

  it("breaks a tie of time by the place on the huddle", () => {
    const same = at("09:00");
    expect(
      orderCases([
        { id: "x", openRisk: false, broughtAt: same, position: 2 },
        { id: "y", openRisk: false, broughtAt: same, position: 1 },
      ]).map((c) => c.id),
    ).toEqual(["y", "x"]);
  });

  it("leaves the input alone", () => {
    const cases = [
      { id: "a", openRisk: false, broughtAt: at("09:00"), position: 1 },
      { id: "b", openRisk: true, broughtAt: at("10:00"), position: 2 },
    ];
    orderCases(cases);
    expect(cases.map((c) => c.id)).toEqual(["a", "b"]);
  });

  it("property: every urgent case comes before every other, and within each group by time brought", () => {
    const item = fc.record({
      openRisk: fc.boolean(),
      broughtAt: fc.integer({ min: 0, max: 10_000 }).map((m) => new Date(Date.UTC(2027, 0, 1) + m * 60_000)),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        const cases = items.map((c, i) => ({ ...c, id: `c${i}`, position: i + 1 }));
        const ordered = orderCases(cases);
        expect(ordered).toHaveLength(cases.length);
        expect(new Set(ordered.map((c) => c.id)).size).toBe(cases.length);
        const firstCalm = ordered.findIndex((c) => !c.openRisk);
        if (firstCalm >= 0) expect(ordered.slice(firstCalm).every((c) => !c.openRisk)).toBe(true);
        for (let i = 1; i < ordered.length; i++) {
          if (ordered[i].openRisk === ordered[i - 1].openRisk)
            expect(ordered[i].broughtAt.getTime()).toBeGreaterThanOrEqual(ordered[i - 1].broughtAt.getTime());
        }
      }),
    );
  });
});
