import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  channelsWithdrawn,
  invitationMessage,
  isRetryable,
  reachCounts,
  reminderChannels,
  reminderDueAt,
  reminderMessage,
  reminderRefusal,
  type ConsentFacts,
} from "./index";

const CLINICAL_WORDS = [
  "PHQ",
  "phq",
  "anxiety",
  "depress",
  "Talking Therapies",
  "therapy",
  "mental",
  "diabetes",
  "COPD",
  "asthma",
  "heart",
  "kidney",
  "pain",
  "cancer",
  "multi-morbidity",
  "long-term",
  "condition",
  "GP appointment",
  "wrap-around",
  "blood",
  "score",
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
      message:
        "Hello Amira, this is a reminder of your appointment on Wednesday 3 March 2027 at 9:20am at Riverside Health Centre, 1 River Road. To change or cancel it, contact your GP practice.",
      subject: "Your appointment on Wednesday 3 March 2027",
    });
    expect(message).toMatchObject({ preview: message.personalisation.message, locale: "en-GB", languageNotes: [] });
    expect(reminderMessage({ givenName: "A", appointmentAt: new Date("2027-06-02T08:00:00Z"), siteName: "S" }).personalisation.time).toBe("9:00am");
  });

  it("carries no clinical information", () => {
    const all = JSON.stringify(message);
    for (const word of CLINICAL_WORDS) expect(all.toLowerCase()).not.toContain(word.toLowerCase());
  });
});

describe("invitationMessage", () => {
  const url = "https://clinic.example.nhs.uk/p/aB3_-x";
  const message = invitationMessage({ url, contact: " 020 7946 0000 " });

  it("carries only the link and whom to contact", () => {
    expect(message.personalisation).toEqual({ link: url, contact: "020 7946 0000" });
    expect(message.preview).toContain(url);
    expect(invitationMessage({ url }).personalisation.contact).toBe("your GP practice");
  });

  it("names no one and carries no clinic type or clinical information", () => {
    const all = JSON.stringify(message).toLowerCase();
    for (const word of [...CLINICAL_WORDS, "clinic", "health", "Mr", "Mrs", "Ms", "Dear"]) expect(all).not.toContain(` ${word.toLowerCase()} `);
    for (const word of CLINICAL_WORDS) expect(all).not.toContain(word.toLowerCase());
    expect(Object.keys(message.personalisation)).toEqual(["link", "contact"]);
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

describe("reminder channels follow each channel's own consent", () => {
  const PHONE = "+447700900123";
  const EMAIL = "a@example.com";
  const facts = (text: boolean, email: boolean, phone: string | null = PHONE, address: string | null = EMAIL): ConsentFacts => ({
    consentToTextReminders: text,
    consentToEmailReminders: email,
    phone,
    email: address,
  });

  it("texts only with text consent and a phone number; emails only with email consent and an address", () => {
    expect(reminderChannels(facts(true, false))).toEqual(["SMS"]);
    expect(reminderChannels(facts(false, true))).toEqual(["EMAIL"]);
    expect(reminderChannels(facts(true, true))).toEqual(["SMS", "EMAIL"]);
    expect(reminderChannels(facts(false, false))).toEqual([]);
    expect(reminderChannels(facts(true, true, null, EMAIL))).toEqual(["EMAIL"]);
    expect(reminderChannels(facts(true, true, PHONE, null))).toEqual(["SMS"]);
    expect(reminderChannels(facts(true, false, null, EMAIL))).toEqual([]);
    expect(reminderChannels(facts(false, true, PHONE, null))).toEqual([]);
  });

  it("never uses a channel without its own consent and its own contact detail (every combination)", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.option(fc.constant(PHONE)), fc.option(fc.constant(EMAIL)), (text, email, phone, address) => {
        const patient = facts(text, email, phone, address);
        const channels = reminderChannels(patient);
        expect(channels.includes("SMS")).toBe(text && phone !== null);
        expect(channels.includes("EMAIL")).toBe(email && address !== null);
        for (const channel of ["SMS", "EMAIL"] as const) {
          expect(reminderRefusal(patient, channel) === null).toBe(channels.includes(channel));
        }
      }),
    );
  });

  it("says why a channel may not be used, naming the channel", () => {
    expect(reminderRefusal(facts(false, true), "SMS")).toBe("The patient has not agreed to text message reminders");
    expect(reminderRefusal(facts(true, false), "EMAIL")).toBe("The patient has not agreed to email reminders");
    expect(reminderRefusal(facts(true, true, null, EMAIL), "SMS")).toBe("No phone number on the patient's record");
    expect(reminderRefusal(facts(true, true, PHONE, null), "EMAIL")).toBe("No email address on the patient's record");
    expect(reminderRefusal(facts(true, true), "SMS")).toBeNull();
  });

  it("counts a list's reach: each channel counts whoever it reaches, and the rest are reached by neither", () => {
    expect(reachCounts([])).toEqual({ sms: 0, email: 0, unreachable: 0 });
    expect(reachCounts([["SMS"], ["SMS", "EMAIL"], ["EMAIL"], []])).toEqual({ sms: 2, email: 2, unreachable: 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.option(fc.constant(PHONE)), fc.option(fc.constant(EMAIL)))), (rows) => {
        const lists = rows.map(([text, email, phone, address]) => reminderChannels(facts(text, email, phone, address)));
        const counts = reachCounts(lists);
        const reachable = lists.filter((c) => c.length > 0).length;
        expect(counts.unreachable).toBe(lists.length - reachable);
        expect(Math.max(counts.sms, counts.email)).toBeLessThanOrEqual(reachable);
        expect(counts.sms + counts.email).toBeGreaterThanOrEqual(reachable);
      }),
    );
  });

  it("names the channels a change to the record takes away, and only those", () => {
    expect(channelsWithdrawn(facts(true, true), facts(true, false))).toEqual(["EMAIL"]);
    expect(channelsWithdrawn(facts(true, true), facts(false, true))).toEqual(["SMS"]);
    expect(channelsWithdrawn(facts(true, true), facts(true, true, null, EMAIL))).toEqual(["SMS"]);
    expect(channelsWithdrawn(facts(true, true), facts(false, false))).toEqual(["SMS", "EMAIL"]);
    expect(channelsWithdrawn(facts(true, false), facts(true, true))).toEqual([]);
    expect(channelsWithdrawn(facts(false, false), facts(false, false))).toEqual([]);
  });
});
