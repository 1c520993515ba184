/**
 * Calendar files (.ics) for a patient's appointments and a member of staff's
 * day. Times are written as UTC instants (DTSTART:…Z), which every calendar
 * shows in its own zone: a London appointment stays at its London time either
 * side of a clock change without shipping a VTIMEZONE.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export type CalendarEvent = {
  /** Stable across downloads, so importing again updates rather than duplicates. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** A cancelled appointment is kept, marked cancelled, so calendars drop it. */
  cancelled?: boolean;
};

export const CALENDAR_DOMAIN = "clinic-day.nhs.invalid";

export function buildCalendar(name: string, events: readonly CalendarEvent[], now: Date = new Date()): string {
  const calendar = ical({ name, prodId: { company: "Clinic Day", product: "clinic-day", language: "EN" } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  for (const event of events) {
    calendar.createEvent({
      id: `${event.uid}@${CALENDAR_DOMAIN}`,
      start: event.start,
      end: event.end,
      stamp: now,
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
