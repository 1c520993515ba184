/** The audit search form's schema, shared by the form, the action and the CSV export. */
import { z } from "zod";
import { nhsNumberSchema } from "@/lib/nhs-number/schema";
import { isoDateSchema } from "./common";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const auditSearchSchema = z
  .object({
    nhsNumber: z.preprocess(blank, nhsNumberSchema.optional()),
    staffEmail: z.preprocess(blank, z.string().trim().toLowerCase().email("Enter the member of staff's email address").optional()),
    from: z.preprocess(blank, isoDateSchema.optional()),
    to: z.preprocess(blank, isoDateSchema.optional()),
  })
  .refine((q) => q.nhsNumber || q.staffEmail || (q.from && q.to), {
    message: "Search by a patient's NHS number, a member of staff's email, or a date range",
    path: ["nhsNumber"],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "The start date must be on or before the end date", path: ["to"] });

export type AuditSearch = z.output<typeof auditSearchSchema>;
