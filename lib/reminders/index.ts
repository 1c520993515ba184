/**
 * The words of an appointment reminder. A reminder says when and where, and
 * nothing about why: no clinic name (it can name conditions), no session kind,
 * no scores or conditions, as texts and emails are read on shared phones and
 * lock screens. The GOV.UK Notify template holds the fixed wording; these are
 * its personalisation fields, and `preview` is how it reads, for the outbox page.
 */
import { formatLondon } from "@/lib/schedule";

export type ReminderFacts = {
  givenName: string;
  appointmentAt: Date;
  siteName: string;
  siteAddress?: string | null;
  /** A phone number to call to change the appointment, when the PCN has one. */
  contact?: string | null;
};

export type ReminderMessage = {
  personalisation: { name: string; date: string; time: string; place: string; contact: string };
  preview: string;
};

export const DEFAULT_CONTACT = "your GP practice";

export function reminderMessage(facts: ReminderFacts): ReminderMessage {
  const place = facts.siteAddress ? `${facts.siteName}, ${facts.siteAddress}` : facts.siteName;
  const personalisation = {
    name: facts.givenName.trim(),
    date: formatLondon(facts.appointmentAt, "EEEE d MMMM yyyy"),
    time: formatLondon(facts.appointmentAt, "h:mmaaa"),
    place,
    contact: facts.contact?.trim() || DEFAULT_CONTACT,
  };
  const preview =
    `Hello ${personalisation.name}, this is a reminder of your appointment on ${personalisation.date} at ` +
    `${personalisation.time} at ${personalisation.place}. To change or cancel it, contact ${personalisation.contact}.`;
  return { personalisation, preview };
}

/**
 * When a reminder should go out: the set number of hours before the
 * appointment, or straight away when booked later than that.
 */
export function reminderDueAt(appointmentAt: Date, hoursBefore: number, now: Date): Date {
  const due = new Date(appointmentAt.getTime() - hoursBefore * 3_600_000);
  return due > now ? due : now;
}

/** Wait before try number `attempt + 1` after `attempt` failures: 1, 2, 4, 8… minutes, at most 6 hours. */
export function backoffMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000);
}

/** Whether a failed send is worth retrying: Notify's 5xx and rate limits, and no answer at all. A 4xx says the request itself is wrong. */
export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

export type ConsentFacts = { consentToTextReminders: boolean; phone: string | null; email: string | null };

/**
 * The channels a patient is reminded by. The register records one consent,
 * "reminders by text", and it is read as consent to reminders by text and by
 * email: an email goes only to a consenting patient who gave an address.
 */
export function reminderChannels(patient: ConsentFacts): Array<"SMS" | "EMAIL"> {
  if (!patient.consentToTextReminders) return [];
  const channels: Array<"SMS" | "EMAIL"> = [];
  if (patient.phone) channels.push("SMS");
  if (patient.email) channels.push("EMAIL");
  return channels;
}

