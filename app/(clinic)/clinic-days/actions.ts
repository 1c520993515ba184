"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { previewClinicDays } from "@/lib/services/clinic-days/preview-clinic-days";

export async function previewClinicDaysAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("clinic-day:manage");
    return previewClinicDays(ctx, input);
  });
}

export async function createClinicDaysAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("clinic-day:manage");
    const result = await createClinicDays(ctx, input);
    revalidatePath("/clinic-days");
    return result;
  });
}
