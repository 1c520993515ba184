"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { cancelClinicDay } from "@/lib/services/clinic-days/cancel-clinic-day";
import { changeSessionTimes } from "@/lib/services/clinic-days/change-session-times";
import { swapRosteredStaff } from "@/lib/services/clinic-days/swap-rostered-staff";

export async function swapRosteredStaffAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("clinic-day:manage");
    const result = await swapRosteredStaff(ctx, input);
    revalidatePath("/clinic-days", "layout");
    return result;
  });
}

export async function changeSessionTimesAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("clinic-day:manage");
    const result = await changeSessionTimes(ctx, input);
    revalidatePath("/clinic-days", "layout");
    return result;
  });
}

export async function cancelClinicDayAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("clinic-day:manage");
    return cancelClinicDay(ctx, input);
  });
}
