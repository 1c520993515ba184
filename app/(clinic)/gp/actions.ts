"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { finishAfternoonAppointment, startAfternoonAppointment } from "@/lib/services/appointment-progress";

export async function callInGpAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await startAfternoonAppointment(ctx, input);
    revalidatePath("/gp");
    return result;
  });
}

export async function finishGpAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await finishAfternoonAppointment(ctx, input);
    revalidatePath("/gp");
    return result;
  });
}
