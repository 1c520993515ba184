import { describe, expect, it } from "vitest";
import { backoffMs, isRetryable, reminderChannels, reminderDueAt, reminderMessage } from "./index";

const CLINICAL_WORDS = [
  "PHQ", "phq", "anxiety", "depress", "Talking Therapies", "therapy", "mental", "diabetes", "COPD", "asthma", "heart", "kidney",
  "pain", "cancer", "multi-morbidity", "long-term", "condition", "GP appointment", "wrap-around", "blood", "score",
];

describe("reminderMessage", () => {
  const message = reminderMessage({
    givenName: "Amira ",
    appointmentAt: new Date("2027-03-03T09:20:00Z"),
    siteName: "Riverside Health Centre",
    siteAddress: "1 River Road",
  });

  it("says when and where, in Europe/London time", () => {
    expect(message.personalisation).toEqual({
      name: "Amira",
      date: "Wednesday 3 March 2027",
      time: "9:20am",
      place: "Riverside Health Centre, 1 River Road",
      contact: "your GP practice",
    });
    expect(reminderMessage({ givenName: "A", appointmentAt: new Date("2027-06-02T08:00:00Z"), siteName: "S" }).personalisation.time).toBe("9:00am");
  });

  it("carries no clinical information", () => {
    const all = JSON.stringify(message);
    for (const word of CLINICAL_WORDS) expect(all.toLowerCase()).not.toContain(word.toLowerCase());
  });
});

describe("reminderDueAt", () => {
  const at = new Date("2027-03-28T09:00:00Z");
  it("is the set hours before the appointment, across the clock change by the instant", () => {
    expect(reminderDueAt(at, 24, new Date("2027-03-01T00:00:00Z")).toISOString()).toBe("2027-03-27T09:00:00.000Z");
  });
  it("is now when booked inside the window", () => {
    const now = new Date("2027-03-28T07:00:00Z");
    expect(reminderDueAt(at, 24, now)).toEqual(now);
  });
});

describe("back-off", () => {
  it("doubles from a minute and stops at six hours", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(30)).toBe(6 * 3_600_000);
  });
  it("retries server errors, rate limits and no answer, not bad requests", () => {
    expect([500, 503, 429, undefined].map(isRetryable)).toEqual([true, true, true, true]);
    expect([400, 403].map(isRetryable)).toEqual([false, false]);
  });
});

describe("reminderChannels", () => {
  it("reminds only a consenting patient, by each channel they gave details for", () => {
    expect(reminderChannels({ consentToTextReminders: true, phone: "+447700900123", email: "a@example.com" })).toEqual(["SMS", "EMAIL"]);
    expect(reminderChannels({ consentToTextReminders: true, phone: null, email: "a@example.com" })).toEqual(["EMAIL"]);
    expect(reminderChannels({ consentToTextReminders: false, phone: "+447700900123", email: "a@example.com" })).toEqual([]);
  });
});
