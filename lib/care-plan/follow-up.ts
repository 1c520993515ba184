/**
 * When the key worker should next be in touch. Dates are London calendar
 * dates ('YYYY-MM-DD'), which compare correctly as strings.
 *
 * - No contact yet: the first is due FIRST_CONTACT_DAYS after the plan was
 *   finalised, or on the review date if that comes sooner.
 * - After a contact: its "next contact due" date; left blank, the next contact
 *   is the review itself (due on the review date).
 * - Overdue once the due date has passed (due today is not overdue).
 * - Contacts stop being due only when the review date has been reached AND the
 *   review happened (`reviewed`); a missed review keeps the contacts due.
 */
export const FIRST_CONTACT_DAYS = 14;

const MS_PER_DAY = 86_400_000;

/**
 * A 'YYYY-MM-DD' calendar date as a whole number of days since 1970-01-01.
 * Pure calendar arithmetic on UTC midnights: no clock, no zone (not the
 * server's, not London's), so a clock change or a zone that once skipped a
 * day cannot move a date. Anything that is not a real date is refused.
 */
function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utc = Date.UTC(y, m - 1, d);
    const check = new Date(utc);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) return utc / MS_PER_DAY;
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar date `days` days after (or, negative, before) `date`. */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export type FollowUpFacts = {
  /** The London date the current plan was finalised. */
  finalisedOn: string;
  nextReviewDate: string;
  reviewed: boolean;
  /** The latest contact, if any. */
  lastContact: { contactedOn: string; nextContactDue: string | null } | null;
  today: string;
};

export type FollowUpStatus =
  | { state: "done"; due: null; overdue: false; daysOverdue: 0; reviewOverdue: false }
  | { state: "due"; due: string; overdue: boolean; daysOverdue: number; reviewOverdue: boolean };

export function firstContactDue(finalisedOn: string, nextReviewDate: string): string {
  const due = addCalendarDays(finalisedOn, FIRST_CONTACT_DAYS);
  return due < nextReviewDate ? due : nextReviewDate;
}

export function followUpStatus(facts: FollowUpFacts): FollowUpStatus {
  if (facts.reviewed && facts.today >= facts.nextReviewDate)
    return { state: "done", due: null, overdue: false, daysOverdue: 0, reviewOverdue: false };
  const due = facts.lastContact
    ? (facts.lastContact.nextContactDue ?? facts.nextReviewDate)
    : firstContactDue(facts.finalisedOn, facts.nextReviewDate);
  const overdue = due < facts.today;
  return {
    state: "due",
    due,
    overdue,
    daysOverdue: overdue ? calendarDaysBetween(due, facts.today) : 0,
    reviewOverdue: !facts.reviewed && facts.nextReviewDate < facts.today,
  };
}

/** Problems with a contact's dates: it has happened (not in the future, not before the plan), and the next one is not in the past. */
export function contactDateProblems(
  input: { contactedOn: string; nextContactDue: string | null },
  context: { today: string; finalisedOn: string },
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (input.contactedOn > context.today)
    problems.push({ field: "contactedAt", message: "The contact date is in the future: record a contact once it has happened" });
  else if (input.contactedOn < context.finalisedOn)
    problems.push({ field: "contactedAt", message: "The contact date is before the care plan was finalised" });
  if (input.nextContactDue && input.nextContactDue < context.today)
    problems.push({ field: "nextContactDue", message: "The next contact date has passed: choose today or a later date" });
  return problems;
}
