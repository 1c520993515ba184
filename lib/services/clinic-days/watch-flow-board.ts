import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import type { ServiceContext } from "@/lib/db/context";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";

/**
 * Before a screen may watch a clinic day's flow board for changes: the same
 * permission as the board, and the day must be one of the actor's PCN's. The
 * stream that follows says only "changed" (no patient data); the board it
 * refetches is read, and audited, by getFlowBoard.
 */
export async function watchFlowBoard(ctx: ServiceContext, input: unknown): Promise<{ clinicDayId: string }> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  const day = await ctx.db.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, select: { id: true } });
  if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
  return { clinicDayId: day.id };
}
