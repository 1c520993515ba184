import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { type FreeSlot, freeSlotsOf } from "@/lib/services/appointments/internal/free-slots";

/** Every free morning slot of a clinic day, for booking and rescheduling. */
export type { FreeSlot };

export async function findFreeSlots(ctx: ServiceContext, input: unknown): Promise<FreeSlot[]> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  const day = await ctx.db.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, select: { id: true } });
  if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
  return freeSlotsOf(ctx.db, ctx.actor.pcnId, clinicDayId);
}
