"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { endAllSessions } from "@/lib/auth/sessions";

/** Ends every session of the signed-in member of staff, on every device, including this one. */
export async function signOutEverywhere() {
  return handleAction(async () => {
    const ctx = await requirePermission("self:manage");
    await endAllSessions(ctx.db, ctx.actor.id, ctx.actor, ctx.request);
    return { signedOut: true };
  });
}
