import { assertPermission } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { staffUserSchema } from "@/lib/validation/staff";
import { insertStaffUser } from "@/lib/services/staff/internal/insert-staff-user";

export async function createStaffUser(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "staff:manage");
  const data = parseInput(staffUserSchema, input);
  assertPasswordAllowed(data.password, data);
  const passwordHash = await hashPassword(data.password);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const user = await insertStaffUser(tx, ctx.actor.pcnId, data, passwordHash);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "staff.create",
        entityType: "StaffUser",
        entityId: user.id,
        request: ctx.request,
        details: { roles: data.roles },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `There is already an account for ${data.email}.`, {
        fieldErrors: { email: "This email already has an account" },
      });
    }
    throw error;
  }
}
