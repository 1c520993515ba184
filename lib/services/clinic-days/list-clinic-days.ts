import { assertPermission } from "@/lib/auth/permissions";
import type { SessionKind } from "@/lib/db/generated/enums";
import type { ServiceContext } from "@/lib/db/context";
import { ACTIVE_STATUSES, ARRIVED_STATUSES } from "@/lib/appointments/statuses";

export type ClinicDaySummary = {
  id: string;
  date: string;
  clinicName: string;
  siteName: string;
  status: "SCHEDULED" | "CANCELLED";
  sessions: Array<{
    kind: SessionKind;
    startsAt: Date;
    endsAt: Date;
    roomName: string | null;
    staff: Array<{ id: string; name: string; column: number }>;
  }>;
  morningSlots: number;
  booked: number;
  arrived: number;
  /** True when the signed-in member of staff is rostered on this day. */
  rostered: boolean;
};

/**
 * Clinic days of the actor's PCN between two dates (inclusive), with booking
 * counts computed in the database. No patient is named, so nothing to audit.
 */
export async function listClinicDays(ctx: ServiceContext, range: { from: string; to?: string; limit?: number }): Promise<ClinicDaySummary[]> {
  assertPermission(ctx.actor, "clinic-day:view");
  const days = await ctx.db.clinicDay.findMany({
    where: {
      clinic: { pcnId: ctx.actor.pcnId },
      date: { gte: new Date(`${range.from}T00:00:00Z`), ...(range.to ? { lte: new Date(`${range.to}T00:00:00Z`) } : {}) },
    },
    orderBy: [{ date: "asc" }],
    take: range.limit ?? 50,
    include: {
      clinic: { include: { site: true } },
      sessions: {
        orderBy: { startsAt: "asc" },
        include: { room: true, staff: { orderBy: { column: "asc" }, include: { staff: { select: { id: true, name: true } } } } },
      },
    },
  });
  const ids = days.map((d) => d.id);
  const [slotCounts, appointmentCounts] = await Promise.all([
    ctx.db.slot.groupBy({
      by: ["sessionId"],
      where: { session: { clinicDayId: { in: ids }, kind: "WRAP_AROUND" } },
      _count: { _all: true },
    }),
    ctx.db.appointment.groupBy({
      by: ["clinicDayId", "status"],
      where: { clinicDayId: { in: ids }, kind: "WRAP_AROUND" },
      _count: { _all: true },
    }),
  ]);
  const slotsBySession = new Map(slotCounts.map((row) => [row.sessionId, row._count._all]));
  return days.map((day) => {
    const counts = appointmentCounts.filter((row) => row.clinicDayId === day.id);
    const count = (statuses: readonly string[]) =>
      counts.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row._count._all, 0);
    return {
      id: day.id,
      date: day.date.toISOString().slice(0, 10),
      clinicName: day.clinic.name,
      siteName: day.clinic.site.name,
      status: day.status,
      sessions: day.sessions.map((s) => ({
        kind: s.kind,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roomName: s.room?.name ?? null,
        staff: s.staff.map((r) => ({ id: r.staff.id, name: r.staff.name, column: r.column })),
      })),
      morningSlots: day.sessions.reduce((sum, s) => sum + (slotsBySession.get(s.id) ?? 0), 0),
      booked: count(ACTIVE_STATUSES),
      arrived: count(ARRIVED_STATUSES),
      rostered: day.sessions.some((s) => s.staff.some((r) => r.staff.id === ctx.actor.id)),
    };
  });
}
