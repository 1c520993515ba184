/**
 * Date-only values. A clinic day's date (and a review date) is stored in a DATE
 * column, which Prisma reads as midnight UTC, and travels through the code as
 * "yyyy-MM-dd". These helpers convert between the two without passing through
 * a time zone, so they give the same answer under TZ=UTC and TZ=Europe/London.
 */
import { formatLondon } from "@/lib/schedule";

/** A DATE column's value as "yyyy-MM-dd". */
export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "yyyy-MM-dd" as the value of a DATE column. */
export function dateOnlyToDb(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** As dateOnly, for a column that may be empty. */
export const isoDate = (d: Date | null): string | null => (d ? dateOnly(d) : null);

/** As dateOnlyToDb, for a value that may be missing. */
export const dbDate = (d: string | null | undefined): Date | null => (d ? dateOnlyToDb(d) : null);

/** A DATE column's value as "3 March 2025" (read at midday, so no clock change moves it to another day). */
export function waitlistDateLabel(date: Date): string {
  return formatLondon(new Date(`${dateOnly(date)}T12:00:00Z`), "d MMMM yyyy");
}
