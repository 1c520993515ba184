"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { setPracticePractitioner } from "@/lib/services/practices/set-practice-practitioner";

/** A plain form post (works without JavaScript): back to the page with what happened in the query string. */
export async function setPracticePractitionerAction(form: FormData) {
  const practiceId = String(form.get("practiceId") ?? "");
  const result = await handleAction(async () => {
    const ctx = await requirePermission("practice:manage");
    await setPracticePractitioner(ctx, { practiceId, practitionerId: form.get("practitionerId") ?? "" });
  });
  revalidatePath("/lead/practices");
  const query = new URLSearchParams(result.ok ? { saved: practiceId } : { practice: practiceId, error: result.message });
  redirect(`/lead/practices?${query}`);
}
