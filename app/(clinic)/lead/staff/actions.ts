"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createStaffUser } from "@/lib/services/staff/create-staff-user";
import { deactivateWithHandover } from "@/lib/services/staff/deactivate-with-handover";
import { endStaffSessions } from "@/lib/services/staff/end-staff-sessions";
import { setStaffActive } from "@/lib/services/staff/set-staff-active";

export async function endStaffSessionsAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("staff:manage");
    await endStaffSessions(ctx, input);
    revalidatePath("/lead/staff");
    return { done: true };
  });
}

export async function setStaffActiveAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("staff:manage");
    await setStaffActive(ctx, input);
    revalidatePath("/lead/staff");
    return { done: true };
  });
}

/** Hands a leaver's patients to new key workers and deactivates their account, in one go. */
export async function deactivateWithHandoverAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("staff:manage");
    const outcome = await deactivateWithHandover(ctx, input);
    revalidatePath("/lead/staff");
    revalidatePath("/lead/caseload");
    return outcome;
  });
}

/** Adds a member of staff to the clinic lead's PCN (a mental health partner with the service they represent). */
export async function createStaffUserAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("staff:manage");
    const created = await createStaffUser(ctx, input);
    revalidatePath("/lead/staff");
    return created;
  });
}
