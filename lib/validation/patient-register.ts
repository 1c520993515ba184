/** Schemas for finding patients, changing a patient, and importing a list. */
import { z } from "zod";
import { IMPORT_BATCH_SIZE, PATIENT_IMPORT_COLUMNS } from "@/lib/patient-import";
import { uuidSchema } from "./common";
import { patientSchema } from "./patient";

export const patientSearchSchema = z.object({
  q: z.string({ error: "Enter a name, NHS number or date of birth" }).max(100, "Search for 100 characters or fewer"),
});

export const patientIdSchema = z.object({ id: uuidSchema });

export const updatePatientSchema = patientSchema.extend({ id: uuidSchema });

export const patientImportFileSchema = z.object({
  fileName: z.string().trim().min(1, "Choose a CSV file").max(255, "The file name is too long"),
  size: z.number().int().min(0),
  text: z.string(),
});

/** One batch of the rows the preview found good; every row is checked again on the server. */
export const patientImportBatchSchema = z.object({
  importId: uuidSchema,
  /** Index of the batch's first row among the preview's good rows, so a retried batch is recognised. */
  start: z.number().int().min(0),
  rows: z
    .array(
      z.object({
        rowNumber: z.number().int().min(2),
        values: z.partialRecord(z.enum(PATIENT_IMPORT_COLUMNS), z.string().max(2000)),
      }),
    )
    .min(1, "The batch has no rows")
    .max(IMPORT_BATCH_SIZE, `Send at most ${IMPORT_BATCH_SIZE} rows at a time`),
});

export const patientImportIdSchema = z.object({ importId: uuidSchema });

/** The patient form's fields as the schema expects them (checkbox groups arrive as repeated names). */
export function patientFormValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !key.startsWith("$")) values[key] = value;
  }
  values.longTermConditions = form.getAll("longTermConditions").filter((v) => typeof v === "string");
  return values;
}
