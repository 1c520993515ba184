import { format } from "date-fns";
import { tz, tzOffset } from "@date-fns/tz";

/**
 * Europe/London wall-clock helpers for clinic scheduling (pure: no I/O).
 *
 * Clinic times are London wall-clock times; storage is an instant (timestamptz).
 * Series are generated from calendar dates plus the wall time, and every wall
 * time is resolved to an instant via the zone's own offset rules, never by
 * adding 24 h or 7 × 24 h to an instant (a weekly 09:00 clinic is 09:00Z in
 * winter and 08:00Z in summer).
 *
 * Nothing here depends on the process's TZ: date-fns/TZDate construction from
 * wall-clock fields resolves the repeated October hour differently under
 * TZ=UTC and TZ=Europe/London, so wall times are resolved with tzOffset (which
 * reads the zone's offset at an instant through Intl) and an explicit rule.
 */

export const CLINIC_TIME_ZONE = "Europe/London";

/** date-fns `in` context for the clinic's zone. */
const inLondon = tz(CLINIC_TIME_ZONE);

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

function parseIsoDate(value: string): CalendarDate | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Round-trip through UTC (no DST there) to reject 2026-02-30 and friends.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** True for a 24-hour 'HH:MM' time from 00:00 to 23:59. */
export function isHhMm(value: string): boolean {
  return HH_MM.test(value);
}

function requireDate(value: string, name = "date"): CalendarDate {
  const parsed = parseIsoDate(value);
  if (!parsed) throw new RangeError(`${name} must be a real date as YYYY-MM-DD, got "${value}"`);
  return parsed;
}

/** Minutes since local midnight for 'HH:MM'. */
function requireMinutes(value: string, name = "time"): number {
  const match = HH_MM.exec(value);
  if (!match) throw new RangeError(`${name} must be a time as HH:MM (00:00–23:59), got "${value}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function londonOffsetMinutes(epochMs: number): number {
  return tzOffset(CLINIC_TIME_ZONE, new Date(epochMs));
}

/**
 * Resolves a calendar date and minutes-after-midnight in London to an instant.
 *
 * - Repeated hour (last Sunday of October, 01:00–01:59 happens twice): the
 *   first occurrence, in BST, is chosen (01:30 → 00:30Z).
 * - Missing hour (last Sunday of March, 01:00–01:59 never happens): the time
 *   is read with the offset in force just before the change, which moves it
 *   forward by the length of the gap (01:30 → 02:30 BST = 01:30Z; 01:00 →
 *   02:00 BST). This is the same rule as Temporal's 'compatible' option.
 */
function resolveWallTime(date: CalendarDate, minutes: number): Date {
  // The wall-clock fields read as if they were UTC; the real instant is this
  // minus the zone's offset at that instant.
  const asIfUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // Offsets a day either side bracket any change on this date (London changes
  // at most once a day).
  const offsetBefore = londonOffsetMinutes(asIfUtc - DAY_MS);
  const offsetAfter = londonOffsetMinutes(asIfUtc + DAY_MS);

  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => asIfUtc - offset * MINUTE_MS)
    .filter((instant) => londonOffsetMinutes(instant) * MINUTE_MS === asIfUtc - instant)
    .sort((a, b) => a - b);

  const first = candidates[0];
  if (first !== undefined) return new Date(first); // earliest = first occurrence
  // No offset gives this wall time: it is in the spring-forward gap.
  return new Date(asIfUtc - offsetBefore * MINUTE_MS);
}

/**
 * The instant at which London's clocks show `time` on `date`.
 * Repeated October hour → first (BST) occurrence; missing March hour → moved
 * forward by the gap (01:30 → 02:30 BST). See resolveWallTime.
 */
export function londonWallTimeToInstant(date: string, time: string): Date {
  return resolveWallTime(requireDate(date), requireMinutes(time));
}

function requireValidInstant(d: Date): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new RangeError("Expected a valid Date");
  }
  return d;
}

/** Formats an instant with a date-fns pattern as seen on London clocks. */
export function formatLondon(d: Date, pattern: string): string {
  return format(requireValidInstant(d), pattern, { in: inLondon });
}

/** London calendar date ('YYYY-MM-DD') of an instant. */
export function instantToLondonDate(d: Date): string {
  return formatLondon(d, "yyyy-MM-dd");
}

/** London wall-clock time ('HH:MM', 24-hour) of an instant. */
export function instantToLondonTime(d: Date): string {
  return formatLondon(d, "HH:mm");
}

/** Today's date in London ('YYYY-MM-DD'); pass `now` in tests. */
export function londonToday(now: Date = new Date()): string {
  return instantToLondonDate(now);
}

/** Upper bound on a generated series (ten years of weekly clinics). */
export const MAX_SERIES_WEEKS = 520;

/**
 * `weeks` calendar dates, 7 days apart, starting with `firstDate` itself
 * (weeks = 3 → first date and the next two same weekdays). Pure date
 * arithmetic: the dates carry no time, so clock changes cannot shift them;
 * resolve each with londonWallTimeToInstant for the session's wall time.
 */
export function weeklySeriesDates(firstDate: string, weeks: number): string[] {
  const first = requireDate(firstDate, "firstDate");
  if (!Number.isInteger(weeks) || weeks < 0 || weeks > MAX_SERIES_WEEKS) {
    throw new RangeError(`weeks must be an integer from 0 to ${MAX_SERIES_WEEKS}, got ${weeks}`);
  }
  const dates: string[] = [];
  for (let i = 0; i < weeks; i++) {
    // Date.UTC normalises day overflow into the next month/year; UTC has no
    // DST, so this is calendar arithmetic, not instant arithmetic.
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + 7 * i));
    dates.push(`${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`);
  }
  return dates;
}

export interface SessionSlotsInput {
  /** London calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** London wall-clock start, 'HH:MM'. */
  start: string;
  /** London wall-clock end, 'HH:MM' (same day; must be after start). */
  end: string;
  /** Length of each slot, whole minutes 5–240. */
  slotMinutes: number;
  /** Number of parallel columns (clinicians/rooms), 1–50. */
  columns: number;
}

export interface SessionSlot {
  /** 0-based column index. */
  column: number;
  startsAt: Date;
  endsAt: Date;
}

export const MIN_SLOT_MINUTES = 5;
export const MAX_SLOT_MINUTES = 240;
export const MAX_COLUMNS = 50;

/**
 * Slots for one session, ordered by start time then column.
 *
 * The session's start and end are London wall-clock times resolved to instants
 * (see londonWallTimeToInstant); slots are laid end to end from the start, each
 * exactly `slotMinutes` of real time, and a slot that would end after the
 * session end is not generated (a remainder is left unbooked).
 *
 * On every day but the two change Sundays this is identical to stepping the
 * wall clock (09:00, 09:15, …). When the change falls inside a session
 * (01:00–02:00 on those Sundays) it keeps every slot the length a patient is
 * booked for, and slots never overlap:
 * - October, 00:30–03:00, 30 min: the session is 3.5 real hours, so 7 slots,
 *   whose London labels are 00:30, 01:00, 01:30 (BST), 01:00, 01:30 (GMT),
 *   02:00, 02:30.
 * - March, 00:30–03:00, 30 min: the session is 1.5 real hours, so 3 slots,
 *   labelled 00:30 (GMT), 02:00, 02:30 (BST); the missing hour gets none.
 * - A session whose wall-clock end resolves to no later than its start (only
 *   possible inside the March gap, e.g. 01:30–02:00) has no slots.
 */
export function generateSessionSlots(input: SessionSlotsInput): SessionSlot[] {
  const { date, start, end, slotMinutes, columns } = input;
  const day = requireDate(date);
  const startMinutes = requireMinutes(start, "start");
  const endMinutes = requireMinutes(end, "end");
  if (startMinutes >= endMinutes) {
    throw new RangeError(`start (${start}) must be before end (${end})`);
  }
  if (!Number.isInteger(slotMinutes) || slotMinutes < MIN_SLOT_MINUTES || slotMinutes > MAX_SLOT_MINUTES) {
    throw new RangeError(`slotMinutes must be a whole number from ${MIN_SLOT_MINUTES} to ${MAX_SLOT_MINUTES}, got ${slotMinutes}`);
  }
  if (!Number.isInteger(columns) || columns < 1 || columns > MAX_COLUMNS) {
    throw new RangeError(`columns must be a whole number from 1 to ${MAX_COLUMNS}, got ${columns}`);
  }

  const sessionStart = resolveWallTime(day, startMinutes).getTime();
  const sessionEnd = resolveWallTime(day, endMinutes).getTime();
  const slotMs = slotMinutes * MINUTE_MS;

  const slots: SessionSlot[] = [];
  // Elapsed minutes within one session (not days), so adding is safe here.
  for (let at = sessionStart; at + slotMs <= sessionEnd; at += slotMs) {
    for (let column = 0; column < columns; column++) {
      slots.push({ column, startsAt: new Date(at), endsAt: new Date(at + slotMs) });
    }
  }
  return slots;
}
