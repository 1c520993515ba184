/** The key worker's contact log form, shared by the form and the action. */
import { z } from "zod";
import { CONTACT_METHODS } from "@/lib/care-plan/contact-methods";
import { isoDateSchema, optionalText, uuidSchema, wallTimeSchema } from "./common";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const followUpContactSchema = z.object({
  patientId: uuidSchema,
  method: z.enum(CONTACT_METHODS, { error: "Choose how you were in touch" }),
  notes: optionalText(2000, "The notes"),
  /** The London date of the contact. */
  contactedAt: isoDateSchema,
  /** The London time of the contact, HH:MM. */
  contactedTime: wallTimeSchema,
  /** Blank: the next contact is the review itself. */
  nextContactDue: z.preprocess(blankToUndefined, isoDateSchema.optional()),
});

export type FollowUpContactInput = z.input<typeof followUpContactSchema>;

/** The schema refusing a contact in the future and a next contact in the past (relative to `today`). */
export function followUpContactSchemaFor(today: string) {
  return followUpContactSchema.superRefine((v, ctx) => {
    if (v.contactedAt > today)
      ctx.addIssue({ code: "custom", path: ["contactedAt"], message: "The contact date is in the future: record a contact once it has happened" });
    if (v.nextContactDue && v.nextContactDue < today)
      ctx.addIssue({ code: "custom", path: ["nextContactDue"], message: "The next contact date has passed: choose today or a later date" });
  });
}
