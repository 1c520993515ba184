"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { formDataOf } from "@/lib/validation/parse";
import { setPracticePractitioner } from "@/lib/services/practices/set-practice-practitioner";

/**
 * A plain form post (works without JavaScript): back to the page with what happened in the query string. The guard
 * comes before anything the request sent is read; a caller without the session or the permission, or a call that is
 * not the form's post, is answered with the result itself, as every action is, not sent to the page.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function setPracticePractitionerAction(input: unknown) {
  let practiceId = "";
  const result = await handleAction(async () => {
    const ctx = await requirePermission("practice:manage");
    const form = formDataOf(input);
    practiceId = String(form.get("practiceId") ?? "");
    await setPracticePractitioner(ctx, { practiceId, practitionerId: form.get("practitionerId") ?? "" });
  });
  // A refusal, or a call that is not the page's own form (which always names a practice by its id), is answered as
  // every action answers; the page's form post goes back to the page with the error.
  const fromPage = input instanceof FormData && UUID.test(practiceId);
  if (!result.ok && (!fromPage || result.code === "UNAUTHENTICATED" || result.code === "FORBIDDEN")) return result;
  revalidatePath("/lead/practices");
  const query = new URLSearchParams(result.ok ? { saved: practiceId } : { practice: practiceId, error: result.message });
  redirect(`/lead/practices?${query}`);
}
