/** Schemas for finding and changing a patient (importing a list: lib/patient-import/schemas.ts). */
import { z } from "zod";
import { text, uuidSchema } from "./common";
import { patientSchema } from "./patient";

export const patientSearchSchema = z.object({
  q: text("The search", { error: "Enter a name, NHS number or date of birth" }).max(100, "Search for 100 characters or fewer"),
});

export const patientIdSchema = z.object({ id: uuidSchema });

export const updatePatientSchema = patientSchema.extend({ id: uuidSchema });

/** The patient form's fields as the schema expects them (checkbox groups arrive as repeated names). */
export function patientFormValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !key.startsWith("$")) values[key] = value;
  }
  values.longTermConditions = form.getAll("longTermConditions").filter((v) => typeof v === "string");
  return values;
}
