"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { decideCase } from "@/lib/services/huddles/decide-case";
import { recordAttendance } from "@/lib/services/huddles/record-attendance";
import { rollOverCases } from "@/lib/services/huddles/roll-over-cases";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { setHuddleAttendees } from "@/lib/services/huddles/set-huddle-attendees";

/** Brings a patient to a huddle with a question (the next huddle unless one is chosen). */
export async function bringCaseAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:bring");
    const result = await bringCase(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}

/** Ticks who is present at the start of the huddle. */
export async function recordAttendanceAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:decide");
    const result = await recordAttendance(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}

/** Records a case's one decision with its reason (making or moving on the referral). */
export async function decideCaseAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:decide");
    const result = await decideCase(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}

/** The clinic lead schedules a huddle and who attends. */
export async function scheduleHuddleAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:manage");
    const result = await scheduleHuddle(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}

/** The clinic lead changes who attends a huddle not yet closed. */
export async function setHuddleAttendeesAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:manage");
    const result = await setHuddleAttendees(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}

/** The clinic lead closes a huddle: cases not reached and deferred ones go on to the next huddle. */
export async function closeHuddleAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("huddle:manage");
    const result = await rollOverCases(ctx, input);
    revalidatePath("/huddle", "layout");
    return result;
  });
}
