/** Schemas for booking morning slots, preparation calls and arrivals, shared by the day view's forms and the services. */
import { z } from "zod";
import { text, uuidSchema } from "./common";
import { REASON_MAX, REASON_MIN } from "./limits";

const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const bookAppointmentSchema = z.object({
  slotId: uuidSchema,
  patientId: uuidSchema,
});

export const rescheduleAppointmentSchema = z.object({
  appointmentId: uuidSchema,
  slotId: uuidSchema,
});

const reasonSchema = text("The reason", { error: "Enter a reason" })
  .trim()
  .min(REASON_MIN, `Enter a reason of at least ${REASON_MIN} characters`)
  .max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`);

export const cancelAppointmentSchema = z.object({
  appointmentId: uuidSchema,
  reason: reasonSchema,
});

export const appointmentRefSchema = z.object({
  appointmentId: uuidSchema,
});

export const undoArrivalSchema = z.object({
  appointmentId: uuidSchema,
  reason: reasonSchema,
});

export const preparationCallSchema = z.object({
  appointmentId: uuidSchema,
  formatExplained: checkbox,
  fastingAdvised: checkbox,
  bringMedicinesList: checkbox,
  interpreterArranged: checkbox,
  accessNeedsNoted: checkbox,
  notes: text("Notes")
    .trim()
    .max(1000, "Notes must be 1000 characters or fewer")
    .optional()
    .transform((v) => (v ? v : null)),
});

export const clinicDayRefSchema = z.object({
  clinicDayId: uuidSchema,
});

export const dayViewSchema = z.object({
  clinicDayId: uuidSchema,
  /** Printing the day list is audited apart from viewing it on screen. */
  purpose: z.enum(["view", "print"]).default("view"),
});

export const patientSearchSchema = z.object({
  query: text("The search", { error: "Enter a name or NHS number" })
    .trim()
    .min(2, "Enter at least 2 characters of a name, or an NHS number")
    .max(100, "Search for 100 characters or fewer"),
  /** When given, each result says whether the patient already has a morning appointment that day. */
  clinicDayId: uuidSchema.optional(),
});

/** An afternoon appointment the patient did not come to, or left before being called in. */
export const AFTERNOON_ABSENCES = ["DID_NOT_ATTEND", "LEFT_BEFORE_SEEN"] as const;
export const AFTERNOON_ABSENCE_LABELS: Record<(typeof AFTERNOON_ABSENCES)[number], string> = {
  DID_NOT_ATTEND: "Did not attend",
  LEFT_BEFORE_SEEN: "Left before being seen",
};

export const markAfternoonAbsentSchema = z.object({
  appointmentId: uuidSchema,
  absence: z.enum(AFTERNOON_ABSENCES, { error: "Choose did not attend or left before being seen" }),
  note: text("The note")
    .trim()
    .max(REASON_MAX, `The note must be ${REASON_MAX} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export const undoAfternoonAbsenceSchema = undoArrivalSchema;
