/** Schemas for clinic templates and creating clinic days from them. */
import { z } from "zod";
import { isoDateSchema, uuidSchema, wallTimeSchema } from "./common";

export const SESSION_KIND_LABELS = {
  WRAP_AROUND: "Morning wrap-around",
  TALKING_THERAPIES: "Talking Therapies",
  GP: "GP",
} as const;

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
