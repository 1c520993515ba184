import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CLINIC_TIME_ZONE,
  formatLondon,
  generateSessionSlots,
  instantToLondonDate,
  instantToLondonTime,
  isHhMm,
  isIsoDate,
  londonToday,
  londonWallTimeToInstant,
  weeklySeriesDates,
  type SessionSlot,
} from "./index";

const iso = (d: Date) => d.toISOString();
const HOUR_MS = 3_600_000;

// These tests are run under TZ=UTC and TZ=Europe/London; the last block also
// switches the process zone at run time to show the results do not move.
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("CLINIC_TIME_ZONE", () => {
  it("is Europe/London", () => {
    expect(CLINIC_TIME_ZONE).toBe("Europe/London");
  });
});

describe("londonWallTimeToInstant", () => {
  it("is GMT (UTC+0) in winter and BST (UTC+1) in summer", () => {
    expect(iso(londonWallTimeToInstant("2026-01-15", "09:00"))).toBe("2026-01-15T09:00:00.000Z");
    expect(iso(londonWallTimeToInstant("2026-07-15", "09:00"))).toBe("2026-07-15T08:00:00.000Z");
    expect(iso(londonWallTimeToInstant("2026-07-15", "00:15"))).toBe("2026-07-14T23:15:00.000Z");
  });

  it("clocks back (2026-10-25): the repeated hour resolves to its first (BST) occurrence", () => {
    const at = (t: string) => iso(londonWallTimeToInstant("2026-10-25", t));
    expect(at("00:30")).toBe("2026-10-24T23:30:00.000Z"); // BST
    expect(at("01:00")).toBe("2026-10-25T00:00:00.000Z"); // first 01:00, BST
    expect(at("01:30")).toBe("2026-10-25T00:30:00.000Z"); // first 01:30, BST (not 01:30Z)
    expect(at("01:59")).toBe("2026-10-25T00:59:00.000Z");
    expect(at("02:00")).toBe("2026-10-25T02:00:00.000Z"); // GMT
    expect(at("09:00")).toBe("2026-10-25T09:00:00.000Z");
  });

  it("clocks forward (2026-03-29): the missing hour moves forward by the gap", () => {
    const at = (t: string) => iso(londonWallTimeToInstant("2026-03-29", t));
    expect(at("00:59")).toBe("2026-03-29T00:59:00.000Z"); // GMT
    expect(at("01:00")).toBe("2026-03-29T01:00:00.000Z"); // = 02:00 BST
    expect(at("01:30")).toBe("2026-03-29T01:30:00.000Z"); // = 02:30 BST
    expect(at("01:59")).toBe("2026-03-29T01:59:00.000Z"); // = 02:59 BST
    expect(at("02:00")).toBe("2026-03-29T01:00:00.000Z"); // BST; same instant as 01:00
    expect(at("09:00")).toBe("2026-03-29T08:00:00.000Z");
    expect(instantToLondonTime(londonWallTimeToInstant("2026-03-29", "01:30"))).toBe("02:30");
  });

  it("round-trips every real wall time (property, 1990–2037)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2037-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        (day, minutes) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
          const instant = londonWallTimeToInstant(date, time);
          const shownTime = instantToLondonTime(instant);
          const inGap = shownTime !== time;
          if (inGap) {
            // Only the spring-forward hour may fail to round-trip, and it moves forward one hour.
            expect(time.startsWith("01:")).toBe(true);
            expect(shownTime.startsWith("02:")).toBe(true);
            expect(shownTime.slice(3)).toBe(time.slice(3));
          }
          expect(instantToLondonDate(instant)).toBe(date);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("round-trips every minute of both 2026 change days except the March gap", () => {
    for (const date of ["2026-03-29", "2026-10-25"]) {
      for (let m = 0; m < 24 * 60; m++) {
        const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        const instant = londonWallTimeToInstant(date, time);
        const inMarchGap = date === "2026-03-29" && time.startsWith("01:");
        if (!inMarchGap) expect(instantToLondonTime(instant), `${date} ${time}`).toBe(time);
        expect(instantToLondonDate(instant)).toBe(date);
      }
    }
  });

  it.each<[string, string]>([
    ["2026-02-30", "09:00"],
    ["2026-13-01", "09:00"],
    ["26-03-01", "09:00"],
    ["2026-3-1", "09:00"],
    ["2026-03-01", "24:00"],
    ["2026-03-01", "9:00"],
    ["2026-03-01", "09:60"],
    ["2026-03-01", "09:00:00"],
  ])("rejects %s %s", (date, time) => {
    expect(() => londonWallTimeToInstant(date, time)).toThrow(RangeError);
  });
});

describe("instantToLondonDate / instantToLondonTime / formatLondon / londonToday", () => {
  it("reads London clocks, including across midnight", () => {
    const d = new Date("2026-06-30T23:30:00Z");
    expect(instantToLondonDate(d)).toBe("2026-07-01");
    expect(instantToLondonTime(d)).toBe("00:30");
    const w = new Date("2026-12-31T23:30:00Z");
    expect(instantToLondonDate(w)).toBe("2026-12-31");
    expect(instantToLondonTime(w)).toBe("23:30");
  });

  it("shows both passes of the repeated hour as 01:30, told apart by offset", () => {
    const first = new Date("2026-10-25T00:30:00Z");
    const second = new Date("2026-10-25T01:30:00Z");
    expect(instantToLondonTime(first)).toBe("01:30");
    expect(instantToLondonTime(second)).toBe("01:30");
    expect(formatLondon(first, "HH:mm xxx")).toBe("01:30 +01:00");
    expect(formatLondon(second, "HH:mm xxx")).toBe("01:30 +00:00");
  });

  it("formats with date-fns patterns in London", () => {
    const d = londonWallTimeToInstant("2026-03-29", "09:00");
    expect(formatLondon(d, "EEEE d MMMM yyyy, HH:mm")).toBe("Sunday 29 March 2026, 09:00");
    expect(formatLondon(new Date("2026-01-05T14:05:00Z"), "EEE d MMM h:mmaaa")).toBe("Mon 5 Jan 2:05pm");
  });

  it("londonToday uses the London date", () => {
    expect(londonToday(new Date("2026-03-28T23:30:00Z"))).toBe("2026-03-28"); // GMT
    expect(londonToday(new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02"); // BST
    expect(isIsoDate(londonToday())).toBe(true);
  });

  it("rejects invalid dates", () => {
    expect(() => instantToLondonDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatLondon(new Date("nope"), "yyyy")).toThrow(RangeError);
  });
});

describe("isIsoDate / isHhMm", () => {
  it("validates strictly", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-04-31")).toBe(false);
    expect(isHhMm("00:00")).toBe(true);
    expect(isHhMm("23:59")).toBe(true);
    expect(isHhMm("24:00")).toBe(false);
    expect(isHhMm("7:30")).toBe(false);
  });
});

describe("weeklySeriesDates", () => {
  it("steps 7 calendar days across month, year and leap-day boundaries", () => {
    expect(weeklySeriesDates("2026-12-17", 4)).toEqual(["2026-12-17", "2026-12-24", "2026-12-31", "2027-01-07"]);
    expect(weeklySeriesDates("2028-02-22", 3)).toEqual(["2028-02-22", "2028-02-29", "2028-03-07"]);
  });

  it("keeps the weekday across both clock changes", () => {
    const dates = weeklySeriesDates("2026-03-01", 40);
    expect(dates).toHaveLength(40);
    expect(dates).toContain("2026-03-29");
    expect(dates).toContain("2026-10-25");
    for (const d of dates) expect(formatLondon(londonWallTimeToInstant(d, "12:00"), "EEEE")).toBe("Sunday");
  });

  it("handles 0 and 1 weeks and rejects bad input", () => {
    expect(weeklySeriesDates("2026-05-05", 0)).toEqual([]);
    expect(weeklySeriesDates("2026-05-05", 1)).toEqual(["2026-05-05"]);
    expect(() => weeklySeriesDates("2026-05-05", -1)).toThrow(RangeError);
    expect(() => weeklySeriesDates("2026-05-05", 1.5)).toThrow(RangeError);
    expect(() => weeklySeriesDates("2026-05-05", 521)).toThrow(RangeError);
    expect(() => weeklySeriesDates("2026-02-30", 2)).toThrow(RangeError);
  });

  it("a weekly 09:00 series spanning 2026-03-29 is 09:00Z before and 08:00Z after", () => {
    const instants = weeklySeriesDates("2026-03-15", 4).map((d) => iso(londonWallTimeToInstant(d, "09:00")));
    expect(instants).toEqual([
      "2026-03-15T09:00:00.000Z",
      "2026-03-22T09:00:00.000Z",
      "2026-03-29T08:00:00.000Z", // the change Sunday itself: 09:00 is after the change
      "2026-04-05T08:00:00.000Z",
    ]);
  });

  it("a weekly 09:00 series spanning 2026-10-25 is 08:00Z before and 09:00Z after", () => {
    const instants = weeklySeriesDates("2026-10-11", 4).map((d) => iso(londonWallTimeToInstant(d, "09:00")));
    expect(instants).toEqual(["2026-10-11T08:00:00.000Z", "2026-10-18T08:00:00.000Z", "2026-10-25T09:00:00.000Z", "2026-11-01T09:00:00.000Z"]);
  });

  it("the week across a change is not 7 × 24 h (why instants are never stepped)", () => {
    const [a, b] = weeklySeriesDates("2026-03-22", 2).map((d) => londonWallTimeToInstant(d, "09:00").getTime());
    expect(b! - a!).toBe(7 * 24 * HOUR_MS - HOUR_MS);
    const [c, d] = weeklySeriesDates("2026-10-18", 2).map((x) => londonWallTimeToInstant(x, "09:00").getTime());
    expect(d! - c!).toBe(7 * 24 * HOUR_MS + HOUR_MS);
  });
});

function labels(slots: SessionSlot[]): string[] {
  return slots.filter((s) => s.column === 0).map((s) => formatLondon(s.startsAt, "HH:mm xxx"));
}

function expectWellFormed(slots: SessionSlot[], slotMinutes: number, columns: number) {
  for (let c = 0; c < columns; c++) {
    const col = slots.filter((s) => s.column === c);
    for (const [i, s] of col.entries()) {
      // Every slot is exactly the booked length in real time…
      expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(slotMinutes * 60_000);
      // …and slots in a column run end to end without overlap.
      if (i > 0) expect(s.startsAt.getTime()).toBe(col[i - 1]!.endsAt.getTime());
    }
  }
}

describe("generateSessionSlots", () => {
  it("makes wall-clock slots for each column on an ordinary day", () => {
    const slots = generateSessionSlots({ date: "2026-07-14", start: "09:00", end: "12:00", slotMinutes: 30, columns: 2 });
    expect(slots).toHaveLength(12);
    expect(slots[0]).toEqual({
      column: 0,
      startsAt: new Date("2026-07-14T08:00:00Z"),
      endsAt: new Date("2026-07-14T08:30:00Z"),
    });
    expect(slots[1]).toEqual({
      column: 1,
      startsAt: new Date("2026-07-14T08:00:00Z"),
      endsAt: new Date("2026-07-14T08:30:00Z"),
    });
    expect(labels(slots).map((l) => l.slice(0, 5))).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    expect(instantToLondonTime(slots.at(-1)!.endsAt)).toBe("12:00");
    expectWellFormed(slots, 30, 2);
  });

  it("uses GMT in winter", () => {
    const slots = generateSessionSlots({ date: "2026-01-14", start: "13:30", end: "14:00", slotMinutes: 15, columns: 1 });
    expect(slots.map((s) => iso(s.startsAt))).toEqual(["2026-01-14T13:30:00.000Z", "2026-01-14T13:45:00.000Z"]);
  });

  it("does not generate a slot that would run past the end", () => {
    const slots = generateSessionSlots({ date: "2026-07-14", start: "09:00", end: "10:00", slotMinutes: 25, columns: 1 });
    expect(labels(slots)).toEqual(["09:00 +01:00", "09:25 +01:00"]);
    expect(instantToLondonTime(slots.at(-1)!.endsAt)).toBe("09:50");
    expect(generateSessionSlots({ date: "2026-07-14", start: "09:00", end: "09:10", slotMinutes: 15, columns: 3 })).toEqual([]);
  });

  it("generates the same wall times on the change Sundays outside 01:00–02:00", () => {
    for (const date of ["2026-03-29", "2026-10-25"]) {
      const slots = generateSessionSlots({ date, start: "09:00", end: "10:00", slotMinutes: 20, columns: 1 });
      expect(slots.map((s) => instantToLondonTime(s.startsAt))).toEqual(["09:00", "09:20", "09:40"]);
    }
  });

  it("2026-10-25 00:30–03:00, 30 min: 7 slots of real time, the repeated hour appears twice", () => {
    const slots = generateSessionSlots({ date: "2026-10-25", start: "00:30", end: "03:00", slotMinutes: 30, columns: 1 });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-10-24T23:30:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:30:00.000Z",
    ]);
    expect(labels(slots)).toEqual(["00:30 +01:00", "01:00 +01:00", "01:30 +01:00", "01:00 +00:00", "01:30 +00:00", "02:00 +00:00", "02:30 +00:00"]);
    expect(iso(slots.at(-1)!.endsAt)).toBe("2026-10-25T03:00:00.000Z"); // 03:00 GMT
    expectWellFormed(slots, 30, 1);
  });

  it("2026-03-29 00:30–03:00, 30 min: 3 slots, none in the missing hour", () => {
    const slots = generateSessionSlots({ date: "2026-03-29", start: "00:30", end: "03:00", slotMinutes: 30, columns: 2 });
    expect(slots).toHaveLength(6);
    expect(labels(slots)).toEqual(["00:30 +00:00", "02:00 +01:00", "02:30 +01:00"]);
    expect(iso(slots.at(-1)!.endsAt)).toBe("2026-03-29T02:00:00.000Z"); // 03:00 BST
    expectWellFormed(slots, 30, 2);
  });

  it("2026-03-29: a session inside the missing hour", () => {
    // 01:00–01:30 both move forward an hour: one slot, 02:00–02:30 BST.
    const inside = generateSessionSlots({ date: "2026-03-29", start: "01:00", end: "01:30", slotMinutes: 30, columns: 1 });
    expect(labels(inside)).toEqual(["02:00 +01:00"]);
    // 01:30–02:00 resolves to 02:30 BST → 02:00 BST: nothing real to book.
    expect(generateSessionSlots({ date: "2026-03-29", start: "01:30", end: "02:00", slotMinutes: 5, columns: 1 })).toEqual([]);
  });

  it("validates its input", () => {
    const base = { date: "2026-07-14", start: "09:00", end: "12:00", slotMinutes: 30, columns: 1 };
    expect(() => generateSessionSlots({ ...base, start: "12:00", end: "09:00" })).toThrow(/before end/);
    expect(() => generateSessionSlots({ ...base, start: "09:00", end: "09:00" })).toThrow(RangeError);
    expect(() => generateSessionSlots({ ...base, slotMinutes: 4 })).toThrow(/slotMinutes/);
    expect(() => generateSessionSlots({ ...base, slotMinutes: 241 })).toThrow(/slotMinutes/);
    expect(() => generateSessionSlots({ ...base, slotMinutes: 7.5 })).toThrow(/slotMinutes/);
    expect(() => generateSessionSlots({ ...base, columns: 0 })).toThrow(/columns/);
    expect(() => generateSessionSlots({ ...base, columns: 1.5 })).toThrow(/columns/);
    expect(() => generateSessionSlots({ ...base, date: "2026-02-30" })).toThrow(/date/);
    expect(() => generateSessionSlots({ ...base, end: "25:00" })).toThrow(/end/);
    expect(generateSessionSlots({ ...base, slotMinutes: 5 })).toHaveLength(36);
    expect(generateSessionSlots({ ...base, slotMinutes: 240 })).toEqual([]);
  });
});

describe("independence from the process time zone", () => {
  it.each<[string, number]>([
    ["UTC", 0],
    ["Europe/London", -60],
    ["America/New_York", 240],
    ["Australia/Sydney", -600],
    ["Asia/Kolkata", -330],
  ])("gives the same answers with TZ=%s set at run time", (zone, julyOffset) => {
    process.env.TZ = zone;
    // Proves the switch took effect in this worker, so the checks below mean something.
    expect(new Date("2026-07-01T12:00:00Z").getTimezoneOffset()).toBe(julyOffset);
    expect(iso(londonWallTimeToInstant("2026-10-25", "01:30"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(londonWallTimeToInstant("2026-03-29", "01:30"))).toBe("2026-03-29T01:30:00.000Z");
    expect(weeklySeriesDates("2026-03-22", 2).map((d) => iso(londonWallTimeToInstant(d, "09:00")))).toEqual([
      "2026-03-22T09:00:00.000Z",
      "2026-03-29T08:00:00.000Z",
    ]);
    expect(instantToLondonTime(new Date("2026-10-25T01:30:00Z"))).toBe("01:30");
    expect(instantToLondonDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(generateSessionSlots({ date: "2026-10-25", start: "00:30", end: "03:00", slotMinutes: 30, columns: 1 })).toHaveLength(7);
  });
});
