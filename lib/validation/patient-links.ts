/** Schemas for patient links: invitations sent by reception, and what a patient sends through their link. */
import { z } from "zod";
import { phq4AnswersSchema } from "@/lib/phq4/schema";
import { text, uuidSchema } from "./common";

/** How many patients one invitation post may name (each gets its own link): also how many the invitation list shows. */
export const MAX_INVITATIONS_AT_ONCE = 200;

/** Invite one patient, or a list chosen on the register (at most 200 at once, each its own link). */
export const invitePatientsSchema = z.object({
  patientIds: z
    .array(uuidSchema, { error: "Choose who to invite" })
    .min(1, "Choose who to invite")
    .max(MAX_INVITATIONS_AT_ONCE, `Invite at most ${MAX_INVITATIONS_AT_ONCE} patients at once`)
    .transform((ids) => [...new Set(ids)]),
  days: z.coerce.number().int().min(1, "A link lasts at least 1 day").max(28, "A link lasts at most 28 days").default(7),
});

/**
 * Who to leave out of the invitation list: anyone with a link still open (the default, so sending the list and
 * coming back shows who is left), anyone invited in the last `withinDays` days (or with a link still open), or
 * nobody (a new invitation replaces an open link).
 */
export const INVITED_FILTERS = ["open-link", "recently", "none"] as const;
export type InvitedFilter = (typeof INVITED_FILTERS)[number];

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** The register's invitation list: eligible patients of the PCN with no morning appointment booked from today on. */
export const invitableFilterSchema = z.object({
  practiceId: z.preprocess(blankToUndefined, z.uuid("Choose a practice from the list").optional()),
  leaveOut: z.preprocess(blankToUndefined, z.enum(INVITED_FILTERS, { error: "Choose who to leave out" }).default("open-link")),
  withinDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Enter the number of days as a number" })
      .int("Enter a whole number of days")
      .min(1, "Enter at least 1 day")
      .max(365, "Enter at most 365 days")
      .default(14),
  ),
});
export type InvitableFilter = z.output<typeof invitableFilterSchema>;

/** The invitations sent together from the list, named by the moment they were sent (for the summary page). */
export const invitationSummarySchema = z.object({ sentAt: z.iso.datetime({ error: "That summary reference is not valid" }) });

export const cancelPatientLinkSchema = z.object({ linkId: uuidSchema });

const dobPart = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter the ${label} as a number` })
    .int(`Enter the ${label} as a whole number`)
    .min(min, `Enter a real ${label}`)
    .max(max, `Enter a real ${label}`);

/** The date of birth as the GOV.UK date pattern asks for it: three boxes. */
export const patientDobSchema = z.object({
  day: dobPart("day", 1, 31),
  month: dobPart("month", 1, 12),
  year: dobPart("year", 1900, 2100),
});

export const patientSlotChoiceSchema = z.object({ slotId: uuidSchema });

const confirm = z
  .union([z.literal("yes"), z.literal("on"), z.literal("")])
  .optional()
  .transform((v) => v === "yes" || v === "on");

/** The preparation checklist as the patient confirms it; every item is required to count as prepared. */
export const patientPreparationSchema = z.object({
  formatUnderstood: confirm,
  fastingUnderstood: confirm,
  bringMedicinesList: confirm,
  interpreterNeedsConfirmed: confirm,
  accessNeedsConfirmed: confirm,
  // Kept in the preparation call's notes: a null byte or a hidden direction character is refused as on every staff field.
  accessNeeds: text("The access needs box").trim().max(500, "Keep access needs to 500 characters or fewer").optional().default(""),
});

/**
 * The PHQ-4 as the patient answers it at home: the form's four radio groups (q1–q4). The answers are checked as the
 * health buddy's are (phq4AnswersSchema: each 0–3, none missing, per-question messages on q1–q4).
 */
export const patientPhq4Schema = z.preprocess((form) => {
  const fields = form !== null && typeof form === "object" ? (form as Record<string, unknown>) : {};
  return [fields.q1, fields.q2, fields.q3, fields.q4];
}, phq4AnswersSchema);
