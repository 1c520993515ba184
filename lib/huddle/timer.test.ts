import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { huddleTimer, splitHuddleTime } from "./timer";

describe("the huddle's 20-minute timer", () => {
  it("shares the time equally, the odd seconds to the first cases", () => {
    expect(splitHuddleTime(20, 4)).toEqual([300, 300, 300, 300]);
    expect(splitHuddleTime(20, 7)).toEqual([172, 172, 172, 171, 171, 171, 171]);
    expect(splitHuddleTime(20, 0)).toEqual([]);
  });

  it("refuses nonsense", () => {
    expect(() => splitHuddleTime(0, 3)).toThrow(RangeError);
    expect(() => splitHuddleTime(20, -1)).toThrow(RangeError);
  });

  it("says whose turn it is and how long is left", () => {
    const startsAt = new Date("2027-03-01T12:30:00Z");
    const state = huddleTimer({ startsAt, durationMinutes: 20, caseIds: ["a", "b", "c", "d"], now: new Date("2027-03-01T12:36:10Z") });
    expect(state).toMatchObject({ elapsedSeconds: 370, remainingSeconds: 830, overrun: false, currentCaseId: "b", currentCaseRemainingSeconds: 230 });
    expect(state.perCase.map((c) => c.startSecond)).toEqual([0, 300, 600, 900]);
  });

  it("has no current case before the start, and shows an overrun after the end", () => {
    const startsAt = new Date("2027-03-01T12:30:00Z");
    expect(huddleTimer({ startsAt, durationMinutes: 20, caseIds: ["a"], now: new Date("2027-03-01T12:29:00Z") })).toMatchObject({
      elapsedSeconds: 0,
      remainingSeconds: 1200,
      currentCaseId: null,
      overrun: false,
    });
    expect(huddleTimer({ startsAt, durationMinutes: 20, caseIds: ["a"], now: new Date("2027-03-01T12:51:00Z") })).toMatchObject({
      remainingSeconds: 0,
      currentCaseId: null,
      overrun: true,
    });
  });

  it("property: the shares add up to the huddle and differ by at most a second", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 120 }), fc.integer({ min: 1, max: 60 }), (minutes, count) => {
        const shares = splitHuddleTime(minutes, count);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(minutes * 60);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
