/** The patient form's schema, shared by the form and the action. */
import { z } from "zod";
import { nhsNumberSchema } from "@/lib/nhs-number/schema";
import { ukPhoneSchema } from "@/lib/phone";
import { LONG_TERM_CONDITION_CODES } from "@/lib/patients/reference-data";
import { isoDateSchema, optionalText, text } from "./common";

/** Empty form fields arrive as ""; an optional field left empty is simply not given. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const patientSchema = z.object({
  nhsNumber: nhsNumberSchema,
  givenName: text("Given name", { error: "Enter the given name" })
    .trim()
    .min(1, "Enter the given name")
    .max(100, "Given name must be 100 characters or fewer"),
  familyName: text("Family name", { error: "Enter the family name" })
    .trim()
    .min(1, "Enter the family name")
    .max(100, "Family name must be 100 characters or fewer"),
  dateOfBirth: z
    .string({ error: "Enter the date of birth" })
    .trim()
    .min(1, "Enter the date of birth")
    .pipe(isoDateSchema)
    .refine((v) => v >= "1900-01-01" && v <= new Date().toISOString().slice(0, 10), "Date of birth must be in the past"),
  sex: z.enum(["FEMALE", "MALE", "OTHER", "UNKNOWN"], { error: "Choose the patient's sex" }),
  phone: z.preprocess(blankToUndefined, ukPhoneSchema.optional()),
  email: z.preprocess(blankToUndefined, z.string().trim().email("Enter an email address like name@example.com").max(320).optional()),
  preferredLanguage: text("Preferred language").trim().min(1, "Enter the preferred language").max(60).default("English"),
  interpreterNeeded: checkbox,
  accessibilityNeeds: optionalText(500, "Accessibility needs"),
  longTermConditions: z
    .array(z.enum(LONG_TERM_CONDITION_CODES, { error: "Choose conditions from the list" }))
    .max(LONG_TERM_CONDITION_CODES.length)
    .default([])
    .transform((list) => [...new Set(list)]),
  /** Each reminder channel has its own consent (docs/decisions/0006-reminder-outbox.md). */
  consentToTextReminders: checkbox,
  consentToEmailReminders: checkbox,
  practiceId: z.uuid("Choose the patient's registered practice"),
});

export type PatientInput = z.input<typeof patientSchema>;
export type Patient = z.output<typeof patientSchema>;
