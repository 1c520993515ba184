import { assertPermission } from "@/lib/auth/permissions";
import { isExclusionViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { generateSessionSlots, instantToLondonTime, londonWallTimeToInstant } from "@/lib/schedule";
import { changeSessionTimesSchema } from "@/lib/validation/clinic-day";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { describeRosterClash } from "@/lib/services/clinic-days/internal/roster-clash";

/**
 * Changes one session's London times on one clinic day and lays its slots out
 * again. Only a session without active bookings can change, so no patient's
 * time moves without someone telling them.
 */
export async function changeSessionTimes(ctx: ServiceContext, input: unknown): Promise<{ sessionId: string; start: string; end: string }> {
  assertPermission(ctx.actor, "clinic-day:manage");
  const { sessionId, start, end } = parseInput(changeSessionTimesSchema, input);
  let clash: { staffIds: string[]; startsAt: Date; endsAt: Date } | null = null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      // Locks the day so no booking lands in a slot while the slots are laid out again.
      await tx.$queryRaw`SELECT d.id FROM "ClinicDay" d JOIN "ClinicSession" s ON s."clinicDayId" = d.id WHERE s.id = ${sessionId}::uuid FOR UPDATE OF d`;
      const session = await tx.clinicSession.findUnique({
        where: { id: sessionId },
        include: { clinicDay: { include: { clinic: true } }, staff: { orderBy: { column: "asc" } } },
      });
      if (!session || session.clinicDay.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That session was not found");
      if (session.clinicDay.status !== "SCHEDULED") throw new AppError("CONFLICT", "This clinic day is cancelled; its times cannot change");
      const active = await tx.appointment.count({ where: { activeSlotId: { not: null }, slot: { sessionId } } });
      if (active > 0) {
        throw new AppError("CONFLICT", `This session has ${active} ${active === 1 ? "booking" : "bookings"}: move or cancel them first`);
      }
      const date = session.clinicDay.date.toISOString().slice(0, 10);
      const startsAt = londonWallTimeToInstant(date, start);
      const endsAt = londonWallTimeToInstant(date, end);
      const columns = session.staff.length > 0 ? session.staff.map((r) => r.column) : [0];
      const slots = generateSessionSlots({ date, start, end, slotMinutes: session.slotMinutes, columns: Math.max(...columns) + 1 });
      if (slots.length === 0) {
        throw new AppError("VALIDATION", `A ${session.slotMinutes}-minute slot does not fit between ${start} and ${end}`, {
          fieldErrors: { end: "Leave room for at least one slot" },
        });
      }
      // Slots that keep the record of a cancelled appointment stay; any other is laid out afresh.
      const kept = await tx.slot.findMany({
        where: { sessionId, appointments: { some: {} } },
        select: { id: true, column: true, startsAt: true, endsAt: true },
      });
      const fresh = new Set(slots.map((s) => `${s.column}|${s.startsAt.getTime()}|${s.endsAt.getTime()}`));
      const orphaned = kept.filter((s) => !fresh.has(`${s.column}|${s.startsAt.getTime()}|${s.endsAt.getTime()}`));
      if (orphaned.length > 0) {
        const times = [...new Set(orphaned.map((s) => instantToLondonTime(s.startsAt)))].join(", ");
        throw new AppError("CONFLICT", `The slots at ${times} hold the record of cancelled appointments and must stay: choose times that keep them.`);
      }
      const keptKeys = new Set(kept.map((s) => `${s.column}|${s.startsAt.getTime()}`));
      await tx.slot.deleteMany({ where: { sessionId, appointments: { none: {} } } });
      const staffByColumn = new Map(session.staff.map((r) => [r.column, r.staffId]));
      await tx.slot.createMany({
        data: slots
          .filter((s) => !keptKeys.has(`${s.column}|${s.startsAt.getTime()}`))
          .map((s) => ({
            sessionId,
            column: s.column,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            staffId: staffByColumn.get(s.column) ?? null,
            roomId: session.roomId,
          })),
      });
      await tx.clinicSession.update({ where: { id: sessionId }, data: { startsAt, endsAt } });
      clash = { staffIds: session.staff.map((r) => r.staffId), startsAt, endsAt };
      await tx.sessionStaff.updateMany({ where: { sessionId }, data: { startsAt, endsAt } });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "clinic-session.change-times",
        entityType: "ClinicSession",
        entityId: sessionId,
        request: ctx.request,
        details: {
          kind: session.kind,
          label: SESSION_KIND_LABELS[session.kind],
          before: { start: instantToLondonTime(session.startsAt), end: instantToLondonTime(session.endsAt) },
          after: { start, end },
        },
      });
      return { sessionId, start, end };
    });
  } catch (error) {
    const c = clash as { staffIds: string[]; startsAt: Date; endsAt: Date } | null;
    if (c && isExclusionViolation(error)) {
      for (const staffId of c.staffIds) {
        const other = await ctx.db.sessionStaff.count({
          where: { staffId, startsAt: { lt: c.endsAt }, endsAt: { gt: c.startsAt }, sessionId: { not: sessionId } },
        });
        if (other > 0) throw new AppError("CONFLICT", await describeRosterClash(ctx.db, staffId, { ...c, exceptSessionId: sessionId }));
      }
      throw new AppError("CONFLICT", "Someone on this session's roster is already rostered in an overlapping session. Nothing was changed.");
    }
    throw error;
  }
}
