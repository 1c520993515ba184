/**
 * What a weekly series from a template will look like: each date and each
 * session's London times, resolved the same way createClinicDays stores them,
 * so the preview shows 09:00 on both sides of a clock change (pure).
 */
import type { SessionKind } from "@/lib/db/generated/enums";
import { instantToLondonTime, londonWallTimeToInstant, weeklySeriesDates } from "@/lib/schedule";

export type PreviewSession = { kind: SessionKind; start: string; end: string; startsAt: Date; endsAt: Date; staffIds: string[] };
export type PreviewDay = { date: string; sessions: PreviewSession[] };

export function previewSeries(
  firstDate: string,
  weeks: number,
  sessions: ReadonlyArray<{ kind: SessionKind; start: string; end: string; staffIds: readonly string[] }>,
): PreviewDay[] {
  return weeklySeriesDates(firstDate, weeks).map((date) => ({
    date,
    sessions: sessions.map((s) => {
      const startsAt = londonWallTimeToInstant(date, s.start);
      const endsAt = londonWallTimeToInstant(date, s.end);
      return { kind: s.kind, startsAt, endsAt, start: instantToLondonTime(startsAt), end: instantToLondonTime(endsAt), staffIds: [...s.staffIds] };
    }),
  }));
}
