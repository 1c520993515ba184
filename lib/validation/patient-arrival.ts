/** What a patient sends at the desk's check-in code (lib/patient-links/arrival.ts), and what reception sends to make one. */
import { z } from "zod";
import { uuidSchema } from "./common";
import { patientDobSchema } from "./patient-links";

/** Date of birth in three boxes, and the first letter of the surname (one letter, any alphabet). */
export const patientArrivalSchema = patientDobSchema.extend({
  initial: z
    .string({ error: "Enter the first letter of your surname" })
    .trim()
    .regex(/^\p{L}$/u, "Enter the first letter of your surname"),
});

export const arrivalCodeDaySchema = z.object({ clinicDayId: uuidSchema });
