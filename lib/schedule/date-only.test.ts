import { describe, expect, it } from "vitest";
import { dateOnly, dateOnlyToDb, dbDate, isoDate, waitlistDateLabel } from "./date-only";

describe("date-only values", () => {
  it("reads a DATE column as yyyy-MM-dd whatever the process time zone", () => {
    expect(dateOnly(new Date("2025-03-30T00:00:00Z"))).toBe("2025-03-30");
    expect(dateOnly(new Date("2025-10-26T00:00:00Z"))).toBe("2025-10-26");
  });

  it("writes yyyy-MM-dd as midnight UTC and round-trips", () => {
    expect(dateOnlyToDb("2025-03-30").toISOString()).toBe("2025-03-30T00:00:00.000Z");
    expect(dateOnly(dateOnlyToDb("2024-02-29"))).toBe("2024-02-29");
  });

  it("passes an empty value through as null", () => {
    expect(isoDate(null)).toBeNull();
    expect(isoDate(new Date("2025-01-02T00:00:00Z"))).toBe("2025-01-02");
    expect(dbDate(null)).toBeNull();
    expect(dbDate(undefined)).toBeNull();
    expect(dbDate("")).toBeNull();
    expect(dbDate("2025-01-02")?.toISOString()).toBe("2025-01-02T00:00:00.000Z");
  });

  it("labels a date for people, on the same day either side of a clock change", () => {
    expect(waitlistDateLabel(new Date("2025-03-30T00:00:00Z"))).toBe("30 March 2025");
    expect(waitlistDateLabel(new Date("2025-10-26T00:00:00Z"))).toBe("26 October 2025");
  });
});
