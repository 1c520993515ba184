"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { invitePatients } from "@/lib/services/patient-links/invite-patients";
import { formDataOf } from "@/lib/validation/parse";

/** The list's own filter, carried through the post so the page comes back as it was (the page checks it again). */
const FILTER_FIELDS = ["practiceId", "leaveOut", "withinDays"] as const;

/**
 * Sends the patients ticked on the invitation list (/patients/invite) a link each. A plain form post, so it works
 * without JavaScript: back to the list with what happened. On success the address names the moment the links were
 * made (`sent`), from which the page reads the summary; it carries no patient's details. The guard comes before
 * anything the request sent is read; a refusal, or a call that is not the page's own form, is answered with the
 * result itself, as every action answers.
 */
export async function sendInvitationsAction(input: unknown) {
  const back = new URLSearchParams();
  const result = await handleAction(async () => {
    const ctx = await requirePermission("patient:invite");
    const form = formDataOf(input);
    for (const field of FILTER_FIELDS) {
      const value = form.get(field);
      if (typeof value === "string" && value !== "") back.set(field, value.slice(0, 60));
    }
    return invitePatients(ctx, { patientIds: form.getAll("patientId") });
  });
  const fromPage = input instanceof FormData && input.get("form") === "invitation-list";
  if (!result.ok && (!fromPage || result.code === "UNAUTHENTICATED" || result.code === "FORBIDDEN")) return result;
  if (result.ok) back.set("sent", result.data.sentAt);
  else back.set("error", result.message);
  revalidatePath("/patients/invite");
  redirect(`/patients/invite?${back}`);
}
