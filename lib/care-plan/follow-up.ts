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
import { addDays } from "date-fns";

export const FIRST_CONTACT_DAYS = 14;

export function addCalendarDays(date: string, days: number): string {
  return addDays(new Date(`${date}T12:00:00Z`), days).toISOString().slice(0, 10);
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

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export function firstContactDue(finalisedOn: string, nextReviewDate: string): string {
  const due = addCalendarDays(finalisedOn, FIRST_CONTACT_DAYS);
  return due < nextReviewDate ? due : nextReviewDate;
}

export function followUpStatus(facts: FollowUpFacts): FollowUpStatus {
  if (facts.reviewed && facts.today >= facts.nextReviewDate) return { state: "done", due: null, overdue: false, daysOverdue: 0, reviewOverdue: false };
  const due = facts.lastContact
    ? (facts.lastContact.nextContactDue ?? facts.nextReviewDate)
    : firstContactDue(facts.finalisedOn, facts.nextReviewDate);
  const overdue = due < facts.today;
  return {
    state: "due",
    due,
    overdue,
    daysOverdue: overdue ? daysBetween(due, facts.today) : 0,
    reviewOverdue: !facts.reviewed && facts.nextReviewDate < facts.today,
  };
}

/** Problems with a contact's dates: it has happened (not in the future, not before the plan), and the next one is not in the past. */
export function contactDateProblems(input: { contactedOn: string; nextContactDue: string | null }, context: { today: string; finalisedOn: string }): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (input.contactedOn > context.today) problems.push({ field: "contactedAt", message: "The contact date is in the future: record a contact once it has happened" });
  else if (input.contactedOn < context.finalisedOn) problems.push({ field: "contactedAt", message: "The contact date is before the care plan was finalised" });
  if (input.nextContactDue && input.nextContactDue < context.today) problems.push({ field: "nextContactDue", message: "The next contact date has passed: choose today or a later date" });
  return problems;
}
