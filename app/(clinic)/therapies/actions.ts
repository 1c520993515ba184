"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { finishAfternoonAppointment, startAfternoonAppointment } from "@/lib/services/appointment-progress";

export async function callInTherapyAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("triage:record");
    const result = await startAfternoonAppointment(ctx, input);
    revalidatePath("/therapies");
    return result;
  });
}

export async function finishTherapyAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("triage:record");
    const result = await finishAfternoonAppointment(ctx, input);
    revalidatePath("/therapies");
    return result;
  });
}
