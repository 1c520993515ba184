/** Schemas for clinic templates and creating clinic days from them. */
import { z } from "zod";
import { isoDateSchema, text, uuidSchema, wallTimeSchema } from "./common";

export const templateSessionSchema = z
  .object({
    kind: z.enum(["WRAP_AROUND", "TALKING_THERAPIES", "GP"]),
    start: wallTimeSchema,
    end: wallTimeSchema,
    slotMinutes: z.coerce.number().int().min(5, "Slots must be at least 5 minutes").max(240, "Slots must be 4 hours or shorter"),
    roomId: uuidSchema.optional(),
    /** One column per member of staff (a health-buddy station, a clinician, a GP). */
    staffIds: z.array(uuidSchema).min(1, "Roster at least one member of staff"),
  })
  .refine((s) => s.start < s.end, { message: "A session must end after it starts", path: ["end"] })
  .refine((s) => new Set(s.staffIds).size === s.staffIds.length, {
    message: "The same person is rostered twice in one session",
    path: ["staffIds"],
  });

export const templateSessionsSchema = z
  .array(templateSessionSchema)
  .min(1, "A template needs at least one session")
  .refine((list) => list.some((s) => s.kind === "WRAP_AROUND"), "A template needs a morning wrap-around session");

export type TemplateSession = z.output<typeof templateSessionSchema>;

export const createClinicDaysSchema = z.object({
  templateId: uuidSchema,
  firstDate: isoDateSchema,
  weeks: z.coerce.number().int().min(1, "Create at least one clinic day").max(52, "Create at most 52 weeks at once").default(1),
});

/** Empty selects arrive as ""; an optional choice left empty is simply not given. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const clinicSchema = z.object({
  name: text("The clinic's name").trim().min(1, "Name the clinic").max(120),
  siteId: uuidSchema,
  phq4Threshold: z.coerce.number().int().min(1).max(12).default(3),
  handoverGapMinutes: z.coerce.number().int().min(0).max(120).default(10),
  waitingLimitMinutes: z.coerce.number().int().min(5).max(240).default(30),
});

/** The clinic rules a clinic lead may change on the templates page. */
export const clinicSettingsSchema = z.object({
  clinicId: uuidSchema,
  handoverGapMinutes: z.coerce
    .number({ error: "Enter the handover gap in minutes" })
    .int("Enter whole minutes")
    .min(0, "The handover gap cannot be negative")
    .max(120, "The handover gap must be 120 minutes or less"),
  phq4Threshold: z.coerce
    .number({ error: "Enter the PHQ-4 threshold" })
    .int("Enter a whole number")
    .min(1, "The PHQ-4 threshold must be from 1 to 12")
    .max(12, "The PHQ-4 threshold must be from 1 to 12"),
  waitingLimitMinutes: z.coerce
    .number({ error: "Enter the waiting limit in minutes" })
    .int("Enter whole minutes")
    .min(5, "The waiting limit must be from 5 to 240 minutes")
    .max(240, "The waiting limit must be from 5 to 240 minutes"),
});

export const clinicTemplateSchema = z.object({
  clinicId: uuidSchema,
  name: text("The template's name").trim().min(1, "Name the template").max(120, "Template names must be 120 characters or fewer"),
  sessions: templateSessionsSchema,
});

export const updateClinicTemplateSchema = clinicTemplateSchema.omit({ clinicId: true }).extend({ templateId: uuidSchema });

export const swapRosteredStaffSchema = z.object({
  sessionStaffId: uuidSchema,
  staffId: z.uuid("Choose who takes over"),
});

export const cancelClinicDaySchema = z
  .object({
    clinicDayId: uuidSchema,
    reason: text("The reason", { error: "Give a reason" })
      .trim()
      .min(3, "Give a reason of at least 3 characters")
      .max(500, "Keep the reason to 500 characters"),
    bookings: z.enum(["cancel", "move"], { error: "Choose what happens to the bookings" }).default("cancel"),
    moveToClinicDayId: z.preprocess(blankToUndefined, z.uuid("Choose the clinic day to move the bookings to").optional()),
  })
  .refine((v) => v.bookings !== "move" || v.moveToClinicDayId, {
    message: "Choose the clinic day to move the bookings to",
    path: ["moveToClinicDayId"],
  });

export const changeSessionTimesSchema = z
  .object({ sessionId: uuidSchema, start: wallTimeSchema, end: wallTimeSchema })
  .refine((s) => s.start < s.end, { message: "A session must end after it starts", path: ["end"] });
