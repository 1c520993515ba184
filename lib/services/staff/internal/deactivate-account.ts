import type { DbTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export const STAFF_NOT_FOUND = "That member of staff was not found";

/** Where the clinic lead hands someone's patients over before deactivating them. */
export const handoverPath = (staffId: string) => `/lead/staff/${staffId}/hand-over`;

/** Ends the account: it cannot sign in, and every open session ends at once. */
export async function deactivateAccount(tx: DbTx, ctx: ServiceContext, staffId: string, details?: Record<string, number>): Promise<void> {
  await tx.staffUser.update({ where: { id: staffId }, data: { active: false, sessionVersion: { increment: 1 } } });
  await tx.authSession.updateMany({ where: { userId: staffId, endedAt: null }, data: { endedAt: new Date() } });
  await recordAudit(tx, { actor: ctx.actor, action: "staff.deactivate", entityType: "StaffUser", entityId: staffId, request: ctx.request, details });
}
