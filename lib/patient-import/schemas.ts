/**
 * The import's input schemas: the file sent for a preview and each batch of
 * good rows sent to import. They sit with the import's rules (not in
 * lib/validation) so the two folders do not import each other.
 */
import { z } from "zod";
import { uuidSchema } from "@/lib/validation/common";
import { IMPORT_BATCH_SIZE, PATIENT_IMPORT_COLUMNS } from "./index";

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
