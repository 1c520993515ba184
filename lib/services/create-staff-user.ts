import { z } from "zod";
import { assertPermission, ROLES } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { isUniqueViolation } from "@/lib/db/errors";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";

export const staffUserSchema = z.object({
  name: z.string().trim().min(1, "Enter the name").max(120),
  email: z.string().trim().toLowerCase().email("Enter an email address like name@example.nhs.uk").max(320),
  roles: z.array(z.enum(ROLES)).min(1, "Give the member of staff at least one role"),
  password: z.string().min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort).max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong),
});

/** Inserts a member of staff; shared by the service below and the first-run bootstrap. */
export async function insertStaffUser(
  tx: DbTx,
  pcnId: string,
  data: z.output<typeof staffUserSchema>,
  passwordHash?: string,
): Promise<{ id: string }> {
  return tx.staffUser.create({
    data: {
      name: data.name,
      email: data.email,
      roles: data.roles,
      pcnId,
      passwordHash: passwordHash ?? (await hashPassword(data.password)),
    },
    select: { id: true },
  });
}

export async function createStaffUser(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "staff:manage");
  const data = parseInput(staffUserSchema, input);
  assertPasswordAllowed(data.password, data);
  const passwordHash = await hashPassword(data.password);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const user = await insertStaffUser(tx, ctx.actor.pcnId, data, passwordHash);
      await recordAudit(tx, { actor: ctx.actor, action: "staff.create", entityType: "StaffUser", entityId: user.id, request: ctx.request, details: { roles: data.roles } });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `There is already an account for ${data.email}.`, { fieldErrors: { email: "This email already has an account" } });
    }
    throw error;
  }
}
