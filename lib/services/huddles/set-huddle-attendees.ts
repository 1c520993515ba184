import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { setHuddleAttendeesSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { assertEligibleAttendees } from "./internal/attendees";
import { assertOpen, loadVisibleHuddle } from "./internal/huddle-access";

/**
 * The clinic lead changes who attends a huddle not yet closed: newcomers are
 * listed (a partner then sees its cases); someone whose presence was already
 * ticked stays, so the record of who was there is never rewritten.
 */
export async function setHuddleAttendees(ctx: ServiceContext, input: unknown): Promise<{ huddleId: string; added: number; removed: number }> {
  assertPermission(ctx.actor, "huddle:manage");
  const { huddleId, attendeeIds } = parseInput(setHuddleAttendeesSchema, input);
  const ids = [...new Set(attendeeIds)];
  return ctx.db.$transaction(async (tx) => {
    const huddle = await loadVisibleHuddle(tx, ctx.actor, huddleId);
    assertOpen(huddle);
    await assertEligibleAttendees(tx, ctx.actor.pcnId, ids);
    const listed = new Set(huddle.attendees.map((a) => a.staffId));
    const leaving = huddle.attendees.filter((a) => !ids.includes(a.staffId));
    const marked = leaving.find((a) => a.present !== null);
    if (marked) {
      const message = `${marked.staff.name}'s attendance is already recorded: they stay on this huddle`;
      throw new AppError("VALIDATION", message, { fieldErrors: { attendeeIds: message } });
    }
    const joining = ids.filter((id) => !listed.has(id));
    await tx.huddleAttendee.deleteMany({ where: { huddleId, staffId: { in: leaving.map((a) => a.staffId) }, present: null } });
    await tx.huddleAttendee.createMany({ data: joining.map((staffId) => ({ huddleId, staffId })) });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "huddle.attendees",
      entityType: "Huddle",
      entityId: huddleId,
      request: ctx.request,
      details: { added: joining, removed: leaving.map((a) => a.staffId) },
    });
    return { huddleId, added: joining.length, removed: leaving.length };
  });
}
