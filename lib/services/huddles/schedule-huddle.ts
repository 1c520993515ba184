import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { dateOnlyToDb } from "@/lib/schedule/date-only";
import { scheduleHuddleSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";

import { assertEligibleAttendees } from "./internal/attendees";

/**
 * The clinic lead schedules the PCN's huddle for a day (one a day), at a
 * London wall-clock time, and sets who attends it.
 */
export async function scheduleHuddle(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; date: string; startsAt: Date }> {
  assertPermission(ctx.actor, "huddle:manage");
  const { date, time, durationMinutes, attendeeIds } = parseInput(scheduleHuddleSchema, input);
  if (date < londonToday(clock.now ?? new Date()))
    throw new AppError("VALIDATION", "A huddle cannot be scheduled for a day that has passed", {
      fieldErrors: { date: "A huddle cannot be scheduled for a day that has passed" },
    });
  const ids = [...new Set(attendeeIds)];
  try {
    return await ctx.db.$transaction(async (tx) => {
      await assertEligibleAttendees(tx, ctx.actor.pcnId, ids);
      const startsAt = londonWallTimeToInstant(date, time);
      const huddle = await tx.huddle.create({
        data: { pcnId: ctx.actor.pcnId, date: dateOnlyToDb(date), startsAt, durationMinutes, createdById: ctx.actor.id },
      });
      await tx.huddleAttendee.createMany({ data: ids.map((staffId) => ({ huddleId: huddle.id, staffId })) });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "huddle.schedule",
        entityType: "Huddle",
        entityId: huddle.id,
        request: ctx.request,
        details: { date, time, durationMinutes, attendees: ids.length },
      });
      return { id: huddle.id, date, startsAt };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "The PCN already has a huddle that day.", { fieldErrors: { date: "The PCN already has a huddle that day" } });
    throw error;
  }
}
