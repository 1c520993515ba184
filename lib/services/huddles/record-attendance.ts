import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { recordAttendanceSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { assertAtHuddle, assertOpen, loadVisibleHuddle } from "./internal/huddle-access";

/**
 * Ticks who is present at the start of a huddle (and who is not), by someone
 * listed for it or the clinic lead. Only people listed for the huddle can be ticked.
 */
export async function recordAttendance(ctx: ServiceContext, input: unknown): Promise<{ huddleId: string; present: number; absent: number }> {
  assertPermission(ctx.actor, "huddle:decide");
  const { huddleId, attendance } = parseInput(recordAttendanceSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const huddle = await loadVisibleHuddle(tx, ctx.actor, huddleId);
    assertAtHuddle(ctx.actor, huddle);
    assertOpen(huddle);
    const listed = new Set(huddle.attendees.map((a) => a.staffId));
    const stranger = attendance.find((a) => !listed.has(a.staffId));
    if (stranger)
      throw new AppError("VALIDATION", "Only people listed for this huddle can be ticked present", {
        fieldErrors: { attendance: "Only people listed for this huddle can be ticked present" },
      });
    const markedAt = new Date();
    for (const { staffId, present } of attendance) {
      await tx.huddleAttendee.update({ where: { huddleId_staffId: { huddleId, staffId } }, data: { present, markedAt, markedById: ctx.actor.id } });
    }
    const present = attendance.filter((a) => a.present).length;
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "huddle.attendance",
      entityType: "Huddle",
      entityId: huddleId,
      request: ctx.request,
      details: {
        present: attendance.filter((a) => a.present).map((a) => a.staffId),
        absent: attendance.filter((a) => !a.present).map((a) => a.staffId),
      },
    });
    return { huddleId, present, absent: attendance.length - present };
  });
}
