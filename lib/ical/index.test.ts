import { describe, expect, it } from "vitest";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { buildCalendar } from "./index";

function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, "");
}

describe("buildCalendar", () => {
  it("writes London wall-clock times as the right UTC instants either side of the clock change", () => {
    const before = londonWallTimeToInstant("2027-03-24", "09:00");
    const after = londonWallTimeToInstant("2027-03-31", "09:00");
    const ics = unfold(
      buildCalendar(
        "Appointments",
        [
          { uid: "a", start: before, end: londonWallTimeToInstant("2027-03-24", "09:20"), summary: "Appointment" },
          { uid: "b", start: after, end: londonWallTimeToInstant("2027-03-31", "09:20"), summary: "Appointment", cancelled: true },
        ],
        new Date("2027-03-01T12:00:00Z"),
      ),
    );
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("DTSTART:20270324T090000Z");
    expect(ics).toContain("DTSTART:20270331T080000Z");
    expect(ics).toContain("DTEND:20270331T082000Z");
    expect(ics).toContain("UID:a@clinic-day.nhs.invalid");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics.split("\r\n").length).toBeGreaterThan(10);
  });

  it("escapes text so a comma or semicolon cannot break the file", () => {
    const ics = unfold(
      buildCalendar("x", [
        {
          uid: "c",
          start: new Date("2027-01-01T09:00:00Z"),
          end: new Date("2027-01-01T10:00:00Z"),
          summary: "A, B; C",
          location: "Room 1, Riverside",
        },
      ]),
    );
    expect(ics).toContain("SUMMARY:A\\, B\\; C");
    expect(ics).toContain("LOCATION:Room 1\\, Riverside");
  });
});
