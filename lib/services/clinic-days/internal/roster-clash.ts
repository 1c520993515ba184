/** Names the session that keeps someone from being rostered, after the database refused it. */
import type { DbTx } from "@/lib/db/client";
import { inTurn } from "@/lib/db/in-turn";
import { instantToLondonTime } from "@/lib/schedule";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";

export async function describeRosterClash(
  db: DbTx,
  staffId: string,
  window: { startsAt: Date; endsAt: Date; exceptSessionId?: string },
): Promise<string> {
  const [person, other] = await inTurn(
    db.staffUser.findUnique({ where: { id: staffId }, select: { name: true } }),
    db.sessionStaff.findFirst({
      where: {
        staffId,
        startsAt: { lt: window.endsAt },
        endsAt: { gt: window.startsAt },
        ...(window.exceptSessionId ? { sessionId: { not: window.exceptSessionId } } : {}),
      },
      orderBy: { startsAt: "asc" },
      select: { startsAt: true, endsAt: true, session: { select: { kind: true, clinicDay: { select: { clinic: { select: { name: true } } } } } } },
    }),
  );
  const name = person?.name ?? "That member of staff";
  if (!other) return `${name} is already rostered in an overlapping session that day.`;
  return `${name} is already rostered ${instantToLondonTime(other.startsAt)}–${instantToLondonTime(other.endsAt)} that day in ${SESSION_KIND_LABELS[other.session.kind]}, ${other.session.clinicDay.clinic.name}.`;
}

/**
 * For planned sessions (not yet stored), who is already rostered elsewhere at
 * an overlapping time, by date: what the database's exclusion constraint would
 * refuse, in words.
 */
export async function findRosterClashes(
  db: DbTx,
  days: ReadonlyArray<{ date: string; sessions: ReadonlyArray<{ startsAt: Date; endsAt: Date; staffIds: readonly string[] }> }>,
): Promise<Map<string, string[]>> {
  const staffIds = [...new Set(days.flatMap((d) => d.sessions.flatMap((s) => s.staffIds)))];
  const sessions = days.flatMap((d) => d.sessions);
  const result = new Map<string, string[]>(days.map((d) => [d.date, []]));
  if (staffIds.length === 0 || sessions.length === 0) return result;
  const [staff, rostered] = await inTurn(
    db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }),
    db.sessionStaff.findMany({
      where: {
        staffId: { in: staffIds },
        startsAt: { lt: new Date(Math.max(...sessions.map((s) => s.endsAt.getTime()))) },
        endsAt: { gt: new Date(Math.min(...sessions.map((s) => s.startsAt.getTime()))) },
      },
      select: {
        staffId: true,
        startsAt: true,
        endsAt: true,
        session: { select: { kind: true, clinicDay: { select: { clinic: { select: { name: true } } } } } },
      },
    }),
  );
  const names = new Map(staff.map((s) => [s.id, s.name]));
  for (const day of days) {
    const clashes = result.get(day.date)!;
    for (const session of day.sessions) {
      for (const staffId of session.staffIds) {
        const other = rostered.find((r) => r.staffId === staffId && r.startsAt < session.endsAt && r.endsAt > session.startsAt);
        if (other) {
          clashes.push(
            `${names.get(staffId) ?? "Someone"} is already rostered ${instantToLondonTime(other.startsAt)}–${instantToLondonTime(other.endsAt)} that day in ${SESSION_KIND_LABELS[other.session.kind]}, ${other.session.clinicDay.clinic.name}`,
          );
        }
      }
    }
  }
  return result;
}
