/** Names the session that keeps someone from being rostered, after the database refused it. */
import type { DbTx } from "@/lib/db/client";
import { instantToLondonTime } from "@/lib/schedule";
import { SESSION_KIND_LABELS } from "@/lib/validation/clinic-day";

export async function describeRosterClash(
  db: DbTx,
  staffId: string,
  window: { startsAt: Date; endsAt: Date; exceptSessionId?: string },
): Promise<string> {
  const [person, other] = await Promise.all([
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
  ]);
  const name = person?.name ?? "That member of staff";
  if (!other) return `${name} is already rostered in an overlapping session that day.`;
  return `${name} is already rostered ${instantToLondonTime(other.startsAt)}–${instantToLondonTime(other.endsAt)} that day in ${SESSION_KIND_LABELS[other.session.kind]}, ${other.session.clinicDay.clinic.name}.`;
}
