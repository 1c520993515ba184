"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { moveAfternoonAppointment } from "@/lib/services/routing/move-afternoon-appointment";
import { overrideAfternoon } from "@/lib/services/routing/override-afternoon";

export async function overrideAfternoonAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("routing:override");
    return overrideAfternoon(ctx, input);
  });
}

export async function moveAfternoonAppointmentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("routing:override");
    return moveAfternoonAppointment(ctx, input);
  });
}
