import { z } from "zod";
import { isoDateSchema, uuidSchema } from "./common";

/** One patient's clinic day (FHIR Bundle, their appointments as a calendar). Ids only: no NHS numbers in URLs. */
export const patientClinicDaySchema = z.object({
  patientId: uuidSchema,
  clinicDayId: uuidSchema,
});

export const dayListExportSchema = z.object({ clinicDayId: uuidSchema });

/** A member of staff's own day; today in Europe/London when no date is given. */
export const staffDaySchema = z.object({
  date: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(isoDateSchema.optional()),
});
