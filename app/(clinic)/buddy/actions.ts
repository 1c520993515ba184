"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { recordFollowUpContact } from "@/lib/services/key-workers/record-follow-up-contact";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";

/** Saves a PHQ-4 (or an amendment) and routes the patient's afternoon. */
export async function recordPhq4Action(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("assessment:record");
    const result = await recordPhq4(ctx, input);
    revalidatePath("/buddy");
    return result;
  });
}

/** Saves the morning's wrap-around checks (a second save updates them). */
export async function recordWrapAroundCheckAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("assessment:record");
    const result = await recordWrapAroundCheck(ctx, input);
    // The appointment page shows the saved values; the list lives under the same layout.
    revalidatePath("/buddy", "layout");
    return result;
  });
}

/** The wrap-around checks are finished: the flow board moves the patient on. */
export async function finishWrapAroundAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("assessment:record");
    const result = await finishMorningAppointment(ctx, input);
    revalidatePath("/buddy");
    return result;
  });
}

/** The key worker logs a follow-up contact with a patient on their own caseload. */
export async function recordFollowUpContactAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("follow-up:record");
    const result = await recordFollowUpContact(ctx, input);
    revalidatePath("/buddy/caseload", "layout");
    return result;
  });
}
