import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { addCalendarDays, calendarDaysBetween, contactDateProblems, firstContactDue, followUpStatus } from "./follow-up";

/**
 * Zones to run the date arithmetic under, whatever zone the test run itself
 * has: London, UTC, one far west and one far east of it, and two that once
 * skipped a whole calendar day (Samoa at the end of 2011, Kiribati's Line
 * Islands at the end of 1994), which breaks anything adding days to a local
 * clock time. Node applies a new process.env.TZ at once.
 */
const ZONES = ["Europe/London", "UTC", "America/Los_Angeles", "Pacific/Auckland", "Pacific/Apia", "Pacific/Kiritimati"];
const startingZone = process.env.TZ;
afterEach(() => {
  if (startingZone === undefined) delete process.env.TZ;
  else process.env.TZ = startingZone;
});

/** The same arithmetic done independently: a day number since 1970-01-01 by the proleptic Gregorian calendar. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045 - 2440588;
}
const isoDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const base = { finalisedOn: "2027-03-01", nextReviewDate: "2027-06-01", reviewed: false, lastContact: null };

describe("key worker follow-up due dates", () => {
  it("adds calendar days across the clock change", () => {
    expect(addCalendarDays("2027-03-20", 14)).toBe("2027-04-03");
  });

  it("the first contact is due two weeks after finalising, or at the review if sooner", () => {
    expect(firstContactDue("2027-03-01", "2027-06-01")).toBe("2027-03-15");
    expect(firstContactDue("2027-03-01", "2027-03-08")).toBe("2027-03-08");
  });

  it("is due, not overdue, on the due date itself; overdue the day after", () => {
    expect(followUpStatus({ ...base, today: "2027-03-15" })).toEqual({
      state: "due",
      due: "2027-03-15",
      overdue: false,
      daysOverdue: 0,
      reviewOverdue: false,
    });
    expect(followUpStatus({ ...base, today: "2027-03-18" })).toMatchObject({ due: "2027-03-15", overdue: true, daysOverdue: 3 });
  });

  it("after a contact, its next contact date; blank means the review is next", () => {
    expect(followUpStatus({ ...base, lastContact: { contactedOn: "2027-03-14", nextContactDue: "2027-04-01" }, today: "2027-03-20" })).toMatchObject({
      due: "2027-04-01",
      overdue: false,
    });
    expect(followUpStatus({ ...base, lastContact: { contactedOn: "2027-03-14", nextContactDue: null }, today: "2027-03-20" })).toMatchObject({
      due: "2027-06-01",
      overdue: false,
    });
  });

  it("stops once the review date is reached and the review happened", () => {
    expect(followUpStatus({ ...base, reviewed: true, today: "2027-06-01" }).state).toBe("done");
  });

  it("keeps contacts due, and flags the review, when the review date passed without a review", () => {
    const status = followUpStatus({ ...base, lastContact: { contactedOn: "2027-05-01", nextContactDue: null }, today: "2027-06-05" });
    expect(status).toMatchObject({ state: "due", due: "2027-06-01", overdue: true, daysOverdue: 4, reviewOverdue: true });
  });

  it("a review flag set before the review date does not stop contacts", () => {
    expect(followUpStatus({ ...base, reviewed: true, today: "2027-05-01" }).state).toBe("due");
  });
});

describe("calendar-date arithmetic is London calendar dates, in any server zone", () => {
  // 2026's clock changes in London: forward on Sunday 29 March, back on Sunday 25 October.
  const ACROSS_CLOCK_CHANGES: Array<[string, number, string]> = [
    ["2026-03-28", 1, "2026-03-29"],
    ["2026-03-29", 1, "2026-03-30"],
    ["2026-03-28", 2, "2026-03-30"],
    ["2026-03-22", 14, "2026-04-05"],
    ["2026-03-30", -1, "2026-03-29"],
    ["2026-04-05", -14, "2026-03-22"],
    ["2026-10-24", 1, "2026-10-25"],
    ["2026-10-25", 1, "2026-10-26"],
    ["2026-10-24", 2, "2026-10-26"],
    ["2026-10-18", 14, "2026-11-01"],
    ["2026-11-01", -14, "2026-10-18"],
    ["2026-03-15", 224, "2026-10-25"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2011-12-29", 1, "2011-12-30"],
    ["2011-12-29", 2, "2011-12-31"],
    ["1994-12-30", 1, "1994-12-31"],
  ];

  it.each(ZONES)("adds and subtracts days across both 2026 clock changes under TZ=%s", (zone) => {
    process.env.TZ = zone;
    for (const [from, days, to] of ACROSS_CLOCK_CHANGES) {
      expect(addCalendarDays(from, days), `${from} ${days > 0 ? "+" : ""}${days} under ${zone}`).toBe(to);
      expect(calendarDaysBetween(from, to), `${from} to ${to} under ${zone}`).toBe(days);
    }
  });

  it.each(ZONES)("agrees with day-number arithmetic on any date and any number of days under TZ=%s", (zone) => {
    process.env.TZ = zone;
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -800, max: 800 }), (from, days) => {
        const to = addCalendarDays(from, days);
        expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(dayNumber(to) - dayNumber(from)).toBe(days);
        expect(calendarDaysBetween(from, to)).toBe(days);
      }),
      { numRuns: 500 },
    );
  });

  it.each(ZONES)("the first contact and days overdue count calendar days across the clock changes under TZ=%s", (zone) => {
    process.env.TZ = zone;
    expect(firstContactDue("2026-03-22", "2026-06-01")).toBe("2026-04-05");
    expect(firstContactDue("2026-10-18", "2027-01-10")).toBe("2026-11-01");
    const spring = { finalisedOn: "2026-03-15", nextReviewDate: "2026-06-01", reviewed: false, lastContact: null };
    expect(followUpStatus({ ...spring, today: "2026-03-31" })).toMatchObject({ due: "2026-03-29", overdue: true, daysOverdue: 2 });
    const autumn = { finalisedOn: "2026-10-11", nextReviewDate: "2027-01-10", reviewed: false, lastContact: null };
    expect(followUpStatus({ ...autumn, today: "2026-10-27" })).toMatchObject({ due: "2026-10-25", overdue: true, daysOverdue: 2 });
  });

  it("refuses what is not a real calendar date, rather than rolling it into the next month", () => {
    for (const bad of ["2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-3-29", "29/03/2026", "2026-03-29T00:00:00Z", ""]) {
      expect(() => addCalendarDays(bad, 1), bad).toThrow(RangeError);
      expect(() => calendarDaysBetween(bad, "2026-03-29"), bad).toThrow(RangeError);
    }
    expect(() => addCalendarDays("2026-03-29", 1.5)).toThrow(RangeError);
  });
});

describe("contact dates", () => {
  const context = { today: "2027-03-20", finalisedOn: "2027-03-01" };
  it("accepts a contact today with a later next contact", () => {
    expect(contactDateProblems({ contactedOn: "2027-03-20", nextContactDue: "2027-04-03" }, context)).toEqual([]);
  });
  it("refuses a future contact, one before the plan, and a next contact in the past", () => {
    expect(contactDateProblems({ contactedOn: "2027-03-21", nextContactDue: null }, context).map((p) => p.field)).toEqual(["contactedAt"]);
    expect(contactDateProblems({ contactedOn: "2027-02-28", nextContactDue: null }, context)[0].message).toMatch(/before the care plan/);
    expect(contactDateProblems({ contactedOn: "2027-03-20", nextContactDue: "2027-03-19" }, context)).toEqual([
      { field: "nextContactDue", message: "The next contact date has passed: choose today or a later date" },
    ]);
  });
});
