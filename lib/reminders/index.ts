/**
 * The words of an appointment reminder. A reminder says when and where, and
 * nothing about why: no clinic name (it can name conditions), no session kind,
 * no scores or conditions, as texts and emails are read on shared phones and
 * lock screens. The GOV.UK Notify template holds the fixed wording; these are
 * its personalisation fields, and `preview` is how it reads, for the outbox page.
 */
import { chooseLanguage, longDate, timeOfDay, translator, type Translator } from "@/lib/messages";

export type ReminderFacts = {
  givenName: string;
  appointmentAt: Date;
  siteName: string;
  siteAddress?: string | null;
  /** A phone number to call to change the appointment, when the PCN has one. */
  contact?: string | null;
};

export type ReminderMessage = {
  /**
   * Notify's personalisation: the five fields, and `message` and `subject`, the
   * whole reminder in the patient's language from the catalogue (a template
   * whose body is `((message))` sends it; docs/operations.md).
   */
  personalisation: { name: string; date: string; time: string; place: string; contact: string; message: string; subject: string };
  preview: string;
  /** The locale the reminder is written in. */
  locale: string;
  /** For staff: the reminder, or part of it, is in English rather than the patient's language, and why. */
  languageNotes: string[];
};

export const DEFAULT_CONTACT = "your GP practice";

const ENGLISH_ONLY = translator(chooseLanguage("English", []), null);

/** The reminder in the translator's language (English when none is given). */
export function reminderMessage(facts: ReminderFacts, t: Translator = ENGLISH_ONLY): ReminderMessage {
  const place = facts.siteAddress ? `${facts.siteName}, ${facts.siteAddress}` : facts.siteName;
  const fields = {
    name: facts.givenName.trim(),
    date: longDate(facts.appointmentAt, t.locale),
    time: timeOfDay(facts.appointmentAt, t.locale),
    place,
    contact: facts.contact?.trim() || DEFAULT_CONTACT,
  };
  const message = t.text("reminder.text", fields);
  const subject = t.text("reminder.subject", fields);
  return { personalisation: { ...fields, message, subject }, preview: message, locale: t.locale, languageNotes: t.staffNotes() };
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

export type ReminderChannelName = "SMS" | "EMAIL";

/** What decides whether a patient may be reminded on each channel. */
export type ConsentFacts = {
  consentToTextReminders: boolean;
  consentToEmailReminders: boolean;
  phone: string | null;
  email: string | null;
};

const CHANNELS: readonly ReminderChannelName[] = ["SMS", "EMAIL"];

/**
 * Why the patient may not be reminded on this channel now, or null when they
 * may. Each channel has its own consent: a text needs consent to text message
 * reminders and a phone number; an email needs consent to email reminders and
 * an email address. One never stands in for the other.
 */
export function reminderRefusal(patient: ConsentFacts, channel: ReminderChannelName): string | null {
  if (channel === "SMS") {
    if (!patient.consentToTextReminders) return "The patient has not agreed to text message reminders";
    if (!patient.phone) return "No phone number on the patient's record";
    return null;
  }
  if (!patient.consentToEmailReminders) return "The patient has not agreed to email reminders";
  if (!patient.email) return "No email address on the patient's record";
  return null;
}

/** The channels a patient is reminded by (queued when booked, checked again when sent). */
export function reminderChannels(patient: ConsentFacts): ReminderChannelName[] {
  return CHANNELS.filter((channel) => reminderRefusal(patient, channel) === null);
}

/**
 * How a list of patients can be reached: how many by text, how many by email (someone reachable by both counts in
 * each), and how many by neither, whom no message can reach.
 */
export function reachCounts(channelsOfEach: ReadonlyArray<readonly ReminderChannelName[]>): { sms: number; email: number; unreachable: number } {
  let sms = 0;
  let email = 0;
  let unreachable = 0;
  for (const channels of channelsOfEach) {
    if (channels.includes("SMS")) sms += 1;
    if (channels.includes("EMAIL")) email += 1;
    if (channels.length === 0) unreachable += 1;
  }
  return { sms, email, unreachable };
}

/** Channels a change to the record takes away: consent withdrawn, or the number or address removed. */
export function channelsWithdrawn(before: ConsentFacts, after: ConsentFacts): ReminderChannelName[] {
  const now = reminderChannels(after);
  return reminderChannels(before).filter((channel) => !now.includes(channel));
}

export type InvitationMessage = { personalisation: { link: string; contact: string }; preview: string };

/**
 * The words of an invitation to take part through a patient link. Less than a reminder: no name either (the
 * message may reach a shared phone or inbox, and nothing in it should say whose it is or what it is about), only
 * the link and whom to contact. The patient's date of birth opens the link.
 */
export function invitationMessage(facts: { url: string; contact?: string | null }): InvitationMessage {
  const personalisation = { link: facts.url, contact: facts.contact?.trim() || DEFAULT_CONTACT };
  const preview =
    `You are invited to choose a time for an appointment. Open ${personalisation.link} and enter your date of birth. ` +
    `If you did not expect this, contact ${personalisation.contact}.`;
  return { personalisation, preview };
}
