"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { endAllSessions } from "@/lib/auth/sessions";
import { changePassword } from "@/lib/services/staff/change-password";

/** Ends every session of the signed-in member of staff, on every device, including this one. */
export async function signOutEverywhere() {
  return handleAction(async () => {
    const ctx = await requirePermission("self:manage");
    await endAllSessions(ctx.db, ctx.actor.id, ctx.actor, ctx.request);
    return { signedOut: true };
  });
}

/** Changes the signed-in member of staff's password; their other sessions end, this one stays. */
export async function changeOwnPassword(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("self:manage");
    return changePassword(ctx, input);
  });
}
