import { z } from "zod";
import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";

const schema = z.object({ staffId: uuidSchema, active: z.boolean() });

/** Deactivates (or reactivates) a member of staff. Deactivation ends their sessions at once. */
export async function setStaffActive(ctx: ServiceContext, input: unknown): Promise<void> {
  assertPermission(ctx.actor, "staff:manage");
  const { staffId, active } = parseInput(schema, input);
  if (staffId === ctx.actor.id && !active) throw new AppError("VALIDATION", "You cannot deactivate your own account");
  await ctx.db.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: staffId } });
    if (!user || user.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That member of staff was not found");
    await tx.staffUser.update({
      where: { id: staffId },
      data: { active, ...(active ? {} : { sessionVersion: { increment: 1 } }) },
    });
    if (!active) await tx.authSession.updateMany({ where: { userId: staffId, endedAt: null }, data: { endedAt: new Date() } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: active ? "staff.reactivate" : "staff.deactivate",
      entityType: "StaffUser",
      entityId: staffId,
      request: ctx.request,
    });
  });
}
