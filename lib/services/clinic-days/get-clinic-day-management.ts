import { assertPermission } from "@/lib/auth/permissions";
import { inTurn } from "@/lib/db/in-turn";
import { canWorkSession } from "@/lib/clinic-day/roles";
import type { AppointmentStatus, ClinicDayStatus, SessionKind } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type ClinicDayManagement = {
  id: string;
  date: string;
  status: ClinicDayStatus;
  cancelReason: string | null;
  clinicName: string;
  siteName: string;
  sessions: Array<{
    id: string;
    kind: SessionKind;
    startsAt: Date;
    endsAt: Date;
    roomName: string | null;
    activeBookings: number;
    roster: Array<{ id: string; column: number; staffId: string; staffName: string }>;
    /** Active staff with the role this session needs. */
    candidates: Array<{ id: string; name: string }>;
  }>;
  bookings: Array<{
    id: string;
    patientId: string;
    patientName: string;
    nhsNumber: string;
    kind: SessionKind;
    status: AppointmentStatus;
    startsAt: Date;
    column: number;
  }>;
  /** Other scheduled days of the same clinic, today or later, the bookings could move to. */
  moveTargets: Array<{ id: string; date: string; freeMorningSlots: number }>;
};

/**
 * Everything the manage page needs for one clinic day. It names the booked
 * patients, so each one's view is audited.
 */
export async function getClinicDayManagement(ctx: ServiceContext, clinicDayId: string): Promise<ClinicDayManagement> {
  assertPermission(ctx.actor, "clinic-day:manage");
  if (!/^[0-9a-f-]{36}$/i.test(clinicDayId)) throw new AppError("NOT_FOUND", "That clinic day was not found");
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findUnique({
      where: { id: clinicDayId },
      include: {
        clinic: { include: { site: true } },
        sessions: {
          orderBy: { startsAt: "asc" },
          include: { room: true, staff: { orderBy: { column: "asc" }, include: { staff: { select: { name: true } } } } },
        },
      },
    });
    if (!day || day.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic day was not found");
    const [bookings, staff, targets] = await inTurn(
      tx.appointment.findMany({
        where: { clinicDayId: day.id, activeSlotId: { not: null } },
        orderBy: [{ slot: { startsAt: "asc" } }, { slot: { column: "asc" } }],
        include: { slot: true, patient: { select: { givenName: true, familyName: true, nhsNumber: true } } },
      }),
      tx.staffUser.findMany({
        where: { pcnId: ctx.actor.pcnId, active: true },
        orderBy: { name: "asc" },
        select: { id: true, name: true, roles: true },
      }),
      tx.clinicDay.findMany({
        where: { clinicId: day.clinicId, status: "SCHEDULED", id: { not: day.id }, date: { gte: new Date(`${londonToday()}T00:00:00Z`) } },
        orderBy: { date: "asc" },
        take: 26,
        select: { id: true, date: true },
      }),
    );
    const freeCounts: number[] = [];
    for (const t of targets) {
      freeCounts.push(
        await tx.slot.count({
          where: { session: { clinicDayId: t.id, kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
        }),
      );
    }
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "clinic-day.manage.view", entityType: "ClinicDay", entityId: day.id, request: ctx.request },
      bookings.map((b) => b.patientId),
    );
    return {
      id: day.id,
      date: day.date.toISOString().slice(0, 10),
      status: day.status,
      cancelReason: day.cancelReason,
      clinicName: day.clinic.name,
      siteName: day.clinic.site.name,
      sessions: day.sessions.map((s) => ({
        id: s.id,
        kind: s.kind,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roomName: s.room?.name ?? null,
        activeBookings: bookings.filter((b) => b.slot.sessionId === s.id).length,
        roster: s.staff.map((r) => ({ id: r.id, column: r.column, staffId: r.staffId, staffName: r.staff.name })),
        candidates: staff.filter((p) => canWorkSession(p.roles, s.kind)).map((p) => ({ id: p.id, name: p.name })),
      })),
      bookings: bookings.map((b) => ({
        id: b.id,
        patientId: b.patientId,
        patientName: `${b.patient.givenName} ${b.patient.familyName}`,
        nhsNumber: b.patient.nhsNumber,
        kind: b.kind,
        status: b.status,
        startsAt: b.slot.startsAt,
        column: b.slot.column,
      })),
      moveTargets: targets.map((t, i) => ({ id: t.id, date: t.date.toISOString().slice(0, 10), freeMorningSlots: freeCounts[i] })),
    };
  });
}
