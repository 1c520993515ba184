import { formatLondon } from "@/lib/schedule";

/** A calendar date (yyyy-MM-dd) as the pages show it, "2 December 2026" unless another date-fns pattern is given. */
export function ukDate(iso: string, pattern = "d MMMM yyyy"): string {
  return formatLondon(new Date(`${iso}T12:00:00Z`), pattern);
}

/** A clinic day's date in full: "Wednesday 2 December 2026". */
export function longDate(iso: string): string {
  return ukDate(iso, "EEEE d MMMM yyyy");
}

/** An instant as a London time of day: "14:05". */
export function londonTime(d: Date | string): string {
  return formatLondon(new Date(d), "HH:mm");
}
