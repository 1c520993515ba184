import { assertPermission } from "@/lib/auth/permissions";
import { canWorkSession, SESSION_KIND_NEEDS } from "@/lib/clinic-day/roles";
import { isExclusionViolation, isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { swapRosteredStaffSchema } from "@/lib/validation/clinic-day";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { describeRosterClash } from "@/lib/services/clinic-days/internal/roster-clash";

/**
 * Puts another member of staff in one column of a session: the roster row and
 * that column's slots (so the day view and each appointment show who sees the
 * patient). The database refuses someone already in an overlapping session.
 */
export async function swapRosteredStaff(ctx: ServiceContext, input: unknown): Promise<{ sessionStaffId: string; staffName: string }> {
  assertPermission(ctx.actor, "clinic-day:manage");
  const { sessionStaffId, staffId } = parseInput(swapRosteredStaffSchema, input);
  let window: { startsAt: Date; endsAt: Date; sessionId: string } | null = null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.sessionStaff.findUnique({
        where: { id: sessionStaffId },
        include: { staff: { select: { name: true } }, session: { include: { clinicDay: { include: { clinic: true } } } } },
      });
      if (!row || row.session.clinicDay.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That roster entry was not found");
      if (row.session.clinicDay.status !== "SCHEDULED") throw new AppError("CONFLICT", "This clinic day is cancelled; its roster cannot change");
      const kind = row.session.kind;
      const person = await tx.staffUser.findUnique({
        where: { id: staffId },
        select: { id: true, name: true, roles: true, active: true, pcnId: true },
      });
      if (!person || person.pcnId !== ctx.actor.pcnId || !person.active) {
        throw new AppError("VALIDATION", "Choose an active member of staff", { fieldErrors: { staffId: "Choose an active member of staff" } });
      }
      if (!canWorkSession(person.roles, kind)) {
        const message = `${person.name} cannot work the ${SESSION_KIND_LABELS[kind]} session: it needs ${SESSION_KIND_NEEDS[kind]}`;
        throw new AppError("VALIDATION", message, { fieldErrors: { staffId: message } });
      }
      if (person.id === row.staffId) return { sessionStaffId: row.id, staffName: person.name };
      window = { startsAt: row.startsAt, endsAt: row.endsAt, sessionId: row.sessionId };
      await tx.sessionStaff.update({ where: { id: row.id }, data: { staffId: person.id } });
      await tx.slot.updateMany({ where: { sessionId: row.sessionId, column: row.column }, data: { staffId: person.id } });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "roster.swap",
        entityType: "SessionStaff",
        entityId: row.id,
        request: ctx.request,
        details: { sessionId: row.sessionId, column: row.column, from: row.staffId, to: person.id },
      });
      return { sessionStaffId: row.id, staffName: person.name };
    });
  } catch (error) {
    const w = window as { startsAt: Date; endsAt: Date; sessionId: string } | null;
    if (w && isUniqueViolation(error)) {
      const name = (await ctx.db.staffUser.findUnique({ where: { id: staffId }, select: { name: true } }))?.name ?? "That member of staff";
      throw new AppError("CONFLICT", `${name} is already rostered in this session.`);
    }
    if (w && isExclusionViolation(error)) {
      throw new AppError(
        "CONFLICT",
        await describeRosterClash(ctx.db, staffId, { startsAt: w.startsAt, endsAt: w.endsAt, exceptSessionId: w.sessionId }),
      );
    }
    throw error;
  }
}
