/** The PHQ-4 form's schema, shared by the form and the action. */
import { z } from "zod";
import { phq4AnswersSchema } from "@/lib/phq4/schema";
import { text, uuidSchema } from "./common";

export const recordPhq4Schema = z.object({
  appointmentId: uuidSchema,
  answers: phq4AnswersSchema,
  /** Required when a PHQ-4 was already recorded for this appointment: an amendment keeps the previous answers. */
  amendReason: text("The reason")
    .trim()
    .max(500, "The reason must be 500 characters or fewer")
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** The patient's answers from home that the health buddy went through with them; absent when asked afresh. */
  confirmsHomeId: uuidSchema.optional(),
});
