/**
 * Which PHQ-4 of an appointment is current. A PHQ-4 is never changed: an
 * amendment is a new row that `amends` the one it replaces. The current one is
 * the one nothing amends yet, which is also the latest recorded.
 *
 * The database half (CURRENT_PHQ4 with PHQ4_NEWEST_FIRST) and the in-memory
 * half (currentPhq4) say the same thing; every query for "the PHQ-4" uses one
 * of them. Pure: no database client, only the shape of the rows.
 */

/** Prisma `where` fragment: a PHQ-4 no amendment has replaced. */
export const CURRENT_PHQ4 = { amendedBy: null } as const;

/** Prisma `orderBy` fragment: the newest first, so a patient's current PHQ-4 is the first row. */
export const PHQ4_NEWEST_FIRST = { recordedAt: "desc" } as const;

export type Phq4Version = { id: string; amendsId: string | null; recordedAt: Date };

/** Of one appointment's PHQ-4 rows (any order), the one no other row amends; null when there are none. */
export function currentPhq4<T extends Phq4Version>(versions: readonly T[]): T | null {
  const amended = new Set(versions.flatMap((v) => (v.amendsId ? [v.amendsId] : [])));
  const open = versions.filter((v) => !amended.has(v.id));
  // A broken chain cannot be stored (amendsId is unique), but if it were, the latest wins, as in the query.
  return open.reduce<T | null>((latest, v) => (!latest || v.recordedAt > latest.recordedAt ? v : latest), null);
}

/** When the first PHQ-4 of the rows was recorded (an amendment does not move when it was done). */
export function firstRecordedAt(versions: readonly Pick<Phq4Version, "recordedAt">[]): Date | null {
  return versions.reduce<Date | null>((first, v) => (!first || v.recordedAt < first ? v.recordedAt : first), null);
}
