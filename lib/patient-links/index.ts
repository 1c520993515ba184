/**
 * Patient links (docs/decisions/0016-patient-links.md): the rules for the token a
 * patient holds and for when a link may be used. No database, no Next: the
 * services load the link's facts and pass `now`.
 *
 * - A token is 256 random bits in base64url (43 characters), shown to the
 *   patient in their URL and never stored: the database keeps its SHA-256
 *   (also base64url, 43 characters), so a copy of the database opens no link.
 * - A link opens only after the patient's date of birth; 5 wrong dates lock it.
 * - It expires (7 days by default) unless an appointment was booked through it,
 *   in which case it lasts to the end of that appointment's day, so the same
 *   link can move, prepare and check in; it stops once used for its purpose
 *   (checked in) or cancelled.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_BYTES = 32;
export const DEFAULT_LINK_DAYS = 7;
export const MAX_DOB_ATTEMPTS = 5;
/** How long a browser stays let in after a correct date of birth. */
export const LINK_SESSION_MINUTES = 30;
/** Per client address, as the sign-in throttle counts: wrong dates of birth in a window. */
export const ADDRESS_LIMITS = { windowMinutes: 15, perAddress: 20 } as const;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh token: 256 bits from the system's secure generator, base64url without padding. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Whether a string has the shape of a token (checked before any hashing or lookup). */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

/** What is stored for a token: its SHA-256, base64url. A high-entropy token needs no slow hash or salt. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/** Compares two hashes in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

export function linkExpiry(createdAt: Date, days: number = DEFAULT_LINK_DAYS): Date {
  if (!Number.isInteger(days) || days < 1 || days > 28) throw new RangeError("A link lasts 1 to 28 days");
  return new Date(createdAt.getTime() + days * 86_400_000);
}

export type LinkFacts = {
  expiresAt: Date;
  usedAt: Date | null;
  cancelledAt: Date | null;
  lockedAt: Date | null;
  /** The end of the day of the appointment booked through this link, when it still holds one. */
  appointmentDayEndsAt?: Date | null;
};

export type LinkState = "OPEN" | "EXPIRED" | "USED" | "CANCELLED" | "LOCKED";

/** Until when the link works: its expiry, or the end of its booked appointment's day if later. */
export function linkWorksUntil(link: Pick<LinkFacts, "expiresAt" | "appointmentDayEndsAt">): Date {
  const day = link.appointmentDayEndsAt;
  return day && day > link.expiresAt ? day : link.expiresAt;
}

/** Why a link cannot be used now, or OPEN. Cancelled and used outrank locked, and all outrank expiry. */
export function linkState(link: LinkFacts, now: Date): LinkState {
  if (link.cancelledAt) return "CANCELLED";
  if (link.usedAt) return "USED";
  if (link.lockedAt) return "LOCKED";
  if (now >= linkWorksUntil(link)) return "EXPIRED";
  return "OPEN";
}

/** What the patient is told for each state: nothing that says whose link it is or what it was for. */
export const LINK_STATE_MESSAGES: Record<Exclude<LinkState, "OPEN">, string> = {
  EXPIRED: "This link has expired. Please contact your GP practice for a new one.",
  USED: "This link has been used. If you have just checked in, please take a seat: you will be called. Otherwise, please contact your GP practice.",
  CANCELLED: "This link is no longer active. Please contact your GP practice.",
  LOCKED: "This link has been locked because the date of birth was entered wrongly too many times. Please contact your GP practice.",
};

/** The outcome of one wrong date of birth: the new count, and whether it locks the link. */
export function afterWrongDob(failedAttempts: number): { failedDobAttempts: number; locks: boolean; remaining: number } {
  const failedDobAttempts = Math.min(failedAttempts + 1, MAX_DOB_ATTEMPTS);
  return { failedDobAttempts, locks: failedDobAttempts >= MAX_DOB_ATTEMPTS, remaining: MAX_DOB_ATTEMPTS - failedDobAttempts };
}

/** The date of birth as typed (day, month, year) equals the record's (YYYY-MM-DD); false for anything not a real date. */
export function dobMatches(typed: { day: number; month: number; year: number }, recorded: string): boolean {
  const { day, month, year } = typed;
  if (![day, month, year].every(Number.isInteger)) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return false;
  const typedIso = d.toISOString().slice(0, 10);
  return sameHash(typedIso, recorded);
}

/** Whether a patient may still move or cancel: until the end of the day before the appointment's day (London dates). */
export function mayChange(appointmentDate: string, today: string): boolean {
  return today < appointmentDate;
}

/**
 * When a patient may check themselves in through their link: from an hour before their appointment to half an
 * hour after it starts (the desk checks in anyone outside that). The clinic has no other check-in window: staff
 * may check a patient in at any time on the day. One place to change it.
 */
export const SELF_CHECK_IN_WINDOW = { minutesBefore: 60, minutesAfter: 30 } as const;

/** Why the patient cannot check themselves in now, or null when they can. */
export function selfCheckInProblem(startsAt: Date, now: Date): string | null {
  const opens = startsAt.getTime() - SELF_CHECK_IN_WINDOW.minutesBefore * 60_000;
  const closes = startsAt.getTime() + SELF_CHECK_IN_WINDOW.minutesAfter * 60_000;
  if (now.getTime() < opens) return `You can check in from ${SELF_CHECK_IN_WINDOW.minutesBefore} minutes before your appointment.`;
  if (now.getTime() > closes) return "It is too late to check in online. Please go to the desk.";
  return null;
}
