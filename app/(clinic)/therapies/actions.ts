"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { markAfternoonAbsent } from "@/lib/services/afternoons/mark-afternoon-absent";
import { undoAfternoonAbsence } from "@/lib/services/afternoons/undo-afternoon-absence";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { updateReferralStatus } from "@/lib/services/referrals/update-referral-status";
import { recordTherapyContact } from "@/lib/services/outcomes/record-therapy-contact";
import { formDataOf } from "@/lib/validation/parse";
import { therapyContactFormValues } from "@/lib/validation/outcomes";
import type { ActionResult } from "@/lib/auth/handle";

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

/** "Did not attend" or "Left before being seen"; the afternoon rule puts the patient back on the waitlist or the review list. */
export async function markTherapyAbsentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("triage:record");
    const result = await markAfternoonAbsent(ctx, input);
    revalidatePath("/therapies");
    return result;
  });
}

/** Undoes a did-not-attend marked by mistake, with the reason. */
export async function undoTherapyAbsenceAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("triage:record");
    const result = await undoAfternoonAbsence(ctx, input);
    revalidatePath("/therapies");
    return result;
  });
}

/** Saves the triage (or updates it) with its referral or review booking. */
export async function recordTriageAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("triage:record");
    const result = await recordTriage(ctx, input);
    revalidatePath("/therapies", "layout");
    return result;
  });
}

/** Moves a referral on: accepted, entered treatment, declined or did not engage. */
export async function updateReferralAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("referral:manage");
    const result = await updateReferralStatus(ctx, input);
    revalidatePath("/therapies/referrals", "layout");
    return result;
  });
}

/**
 * What the "Record a session" form shows after a post: the action's result and, on failure, what was typed (it
 * works without JavaScript, so the page is rendered again from this).
 */
export type SessionFormState = (ActionResult<{ id: string }> & { values: Record<string, string> }) | null;

/** Records one contact of a referral with its PHQ-9 and GAD-7 (a form post through `useActionState`, so it works without JavaScript). */
export async function recordTherapyContactAction(_previous: SessionFormState, form: FormData): Promise<SessionFormState> {
  const result = await handleAction(async () => {
    const ctx = await requirePermission("referral:manage");
    const written = await recordTherapyContact(ctx, therapyContactFormValues(formDataOf(form)));
    revalidatePath("/therapies/referrals", "layout");
    return { id: written.id };
  });
  const values =
    !result.ok && form instanceof FormData
      ? Object.fromEntries([...form.entries()].flatMap(([k, v]) => (typeof v === "string" && !k.startsWith("$") ? [[k, v]] : [])))
      : {};
  return { ...result, values };
}
