/** Naming a practice's Talking Therapies practitioner: the lead's form, its action and the service share it. */
import { z } from "zod";
import { uuidSchema } from "./common";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const setPracticePractitionerSchema = z.object({
  practiceId: uuidSchema,
  /** null (an empty choice): no practitioner named. */
  practitionerId: z.preprocess(blank, uuidSchema.nullable()),
});

export type SetPracticePractitioner = z.output<typeof setPracticePractitionerSchema>;
