import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import type { DbTx } from "@/lib/db/client";
import { staffUserSchema } from "@/lib/validation/staff";

/** Inserts a member of staff; shared by the service below and the first-run bootstrap. */
export async function insertStaffUser(
  tx: DbTx,
  pcnId: string,
  data: Omit<z.output<typeof staffUserSchema>, "partnerServiceName"> & { partnerServiceName?: string },
  passwordHash?: string,
): Promise<{ id: string }> {
  return tx.staffUser.create({
    data: {
      name: data.name,
      email: data.email,
      roles: data.roles,
      partnerService: data.partnerService ?? null,
      partnerServiceName: data.partnerServiceName ?? null,
      pcnId,
      passwordHash: passwordHash ?? (await hashPassword(data.password)),
    },
    select: { id: true },
  });
}
