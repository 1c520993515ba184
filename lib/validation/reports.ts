/** The reports' filters: the page's GET form, the CSV downloads and the services share them. */
import { z } from "zod";
import { isoDateSchema, uuidSchema } from "./common";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Long enough for a year of weekly clinics compared side by side; beyond that the page is no longer a funnel of one period. */
export const MAX_REPORT_DAYS = 731;

export const odsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,9}$/, "Choose a practice from the list");

export const reportFilterSchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    clinicId: z.preprocess(blank, uuidSchema.optional()),
    practice: z.preprocess(blank, odsCodeSchema.optional()),
  })
  .refine((q) => q.from <= q.to, { message: "The start date must be on or before the end date", path: ["to"] })
  .refine((q) => daysBetween(q.from, q.to) <= MAX_REPORT_DAYS, {
    message: `Choose a period of at most ${MAX_REPORT_DAYS} days`,
    path: ["to"],
  });

export type ReportFilter = z.output<typeof reportFilterSchema>;

export const reportMonthSchema = z
  .string({ error: "Choose a month" })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a month as YYYY-MM");

export const practiceReportSchema = z.object({
  practice: odsCodeSchema,
  month: reportMonthSchema,
  clinicId: z.preprocess(blank, uuidSchema.optional()),
});

export type PracticeReportInput = z.output<typeof practiceReportSchema>;

/** The monthly practice newsletter (outcomes through treatment): a practice and a month. */
export const practiceNewsletterSchema = practiceReportSchema.pick({ practice: true, month: true });

/** The referrals-with-outcomes export for the service's returns: a period (at most MAX_REPORT_DAYS). */
export const referralReturnsSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((q) => q.from <= q.to, { message: "The start date must be on or before the end date", path: ["to"] })
  .refine((q) => daysBetween(q.from, q.to) <= MAX_REPORT_DAYS, { message: `Choose a period of at most ${MAX_REPORT_DAYS} days`, path: ["to"] });

export const REPORT_KINDS = ["funnel", "practices", "slot-use", "waiting-times", "huddle", "practice-month", "practice-newsletter"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const reportKindSchema = z.enum(REPORT_KINDS, { error: "There is no such report" });

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}
