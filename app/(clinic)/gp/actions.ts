"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { markAfternoonAbsent } from "@/lib/services/afternoons/mark-afternoon-absent";
import { undoAfternoonAbsence } from "@/lib/services/afternoons/undo-afternoon-absence";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { finaliseCarePlan } from "@/lib/services/care-plans/finalise-care-plan";
import { reviseCarePlan } from "@/lib/services/care-plans/revise-care-plan";
import { saveCarePlanDraft } from "@/lib/services/care-plans/save-care-plan-draft";

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

/** "Did not attend" or "Left before being seen"; the afternoon rule puts the patient back on the waitlist or the review list. */
export async function markGpAbsentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await markAfternoonAbsent(ctx, input);
    revalidatePath("/gp");
    return result;
  });
}

/** Undoes a did-not-attend marked by mistake, with the reason. */
export async function undoGpAbsenceAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await undoAfternoonAbsence(ctx, input);
    revalidatePath("/gp");
    return result;
  });
}

/** Saves the GP's draft care plan. */
export async function saveCarePlanDraftAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await saveCarePlanDraft(ctx, input);
    revalidatePath("/gp/patients", "layout");
    return result;
  });
}

/** Saves and finalises the care plan (refused, and nothing saved, while anything it needs is missing). */
export async function finaliseCarePlanAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await finaliseCarePlan(ctx, input);
    revalidatePath("/gp/patients", "layout");
    return result;
  });
}

/** Starts a new version of a final care plan, with the reason for the change. */
export async function reviseCarePlanAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("care-plan:write");
    const result = await reviseCarePlan(ctx, input);
    revalidatePath("/gp/patients", "layout");
    return result;
  });
}
