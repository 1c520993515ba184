/** Schemas for a clinician's changes to the afternoon routing and for booking from the waitlist. */
import { z } from "zod";
import { text, uuidSchema } from "./common";
import { OVERRIDE_REASON_MAX } from "./limits";

export const OVERRIDE_REASON_MIN = 5;

const overrideReasonSchema = text("The reason", { error: "Enter a reason" })
  .trim()
  .min(OVERRIDE_REASON_MIN, `Enter a reason of at least ${OVERRIDE_REASON_MIN} characters`)
  .max(OVERRIDE_REASON_MAX, `The reason must be ${OVERRIDE_REASON_MAX} characters or fewer`);

const booleanInput = z
  .union([z.boolean(), z.literal("true"), z.literal("false")], { error: "Choose whether to include Talking Therapies" })
  .transform((v) => v === true || v === "true");

export const overrideAfternoonSchema = z.object({
  patientId: uuidSchema,
  clinicDayId: uuidSchema,
  talkingTherapies: booleanInput,
  reason: overrideReasonSchema,
});

export const moveAfternoonAppointmentSchema = z.object({
  appointmentId: uuidSchema,
  slotId: uuidSchema,
  reason: overrideReasonSchema,
});

export const bookFromWaitlistSchema = z.object({
  waitlistEntryId: uuidSchema,
  clinicDayId: uuidSchema,
});
