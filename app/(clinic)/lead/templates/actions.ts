"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { updateClinic } from "@/lib/services/clinics/update-clinic";
import { updateClinicTemplate } from "@/lib/services/clinics/update-clinic-template";

export async function createTemplateAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("template:manage");
    const result = await createClinicTemplate(ctx, input);
    revalidatePath("/lead/templates");
    return result;
  });
}

export async function updateTemplateAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("template:manage");
    const result = await updateClinicTemplate(ctx, input);
    revalidatePath("/lead/templates");
    return result;
  });
}

export async function updateClinicAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("template:manage");
    const result = await updateClinic(ctx, input);
    revalidatePath("/lead/templates");
    return result;
  });
}
