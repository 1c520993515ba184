import { assertPermission } from "@/lib/auth/permissions";
import { endAllSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors/app-error";
import { staffIdSchema } from "@/lib/validation/staff";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";

/** Ends every session of a member of staff at once (a lost tablet, a shared PC left signed in). */
export async function endStaffSessions(ctx: ServiceContext, input: unknown): Promise<void> {
  assertPermission(ctx.actor, "staff:manage");
  const { staffId } = parseInput(staffIdSchema, input);
  const user = await ctx.db.staffUser.findUnique({ where: { id: staffId }, select: { pcnId: true } });
  if (!user || user.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That member of staff was not found");
  await endAllSessions(ctx.db, staffId, ctx.actor, ctx.request);
}
