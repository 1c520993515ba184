/**
 * Outcomes through treatment (issue 15): a Talking Therapies contact with its
 * PHQ-9 and GAD-7, its correction, and an instrument version as a clinic lead
 * types it. Shared by the forms (their field names) and the services.
 */
import { z } from "zod";
import { instrumentVersionSchema } from "@/lib/outcomes/instruments";
import { parseInstrumentLines } from "@/lib/outcomes/instrument-text";
import { londonToday } from "@/lib/schedule";
import { isoDateSchema, optionalText, requiredText, uuidSchema } from "./common";

export const THERAPY_CONTACT_KINDS = ["ASSESSMENT", "TREATMENT"] as const;
export const THERAPY_ATTENDANCES = ["ATTENDED", "DID_NOT_ATTEND", "CANCELLED"] as const;
export const COMPLETED_BY = ["PATIENT", "PATIENT_WITH_CARER", "READ_ALOUD_BY_PRACTITIONER"] as const;
/** The measures taken at each attended session, in the form's order. */
export const SESSION_MEASURES = ["phq9", "gad7"] as const;
export type SessionMeasure = (typeof SESSION_MEASURES)[number];
export const SESSION_MEASURE_LABELS: Record<SessionMeasure, string> = { phq9: "PHQ-9", gad7: "GAD-7" };

/** Empty form fields arrive as ""; an absent optional id is undefined. */
const optionalUuid = z.preprocess((v) => (v === "" || v === null ? undefined : v), uuidSchema.optional());

const measureResponseSchema = (label: string) =>
  z.object({
    instrumentVersionId: uuidSchema,
    // One per item in order; null: not answered (the service names the item, from the version).
    answers: z.array(z.number().int().min(0).nullable()).max(50, `A ${label} has at most 50 answers`),
    completedBy: z.enum(COMPLETED_BY, { error: `Say who completed the ${label}` }),
    adjustment: optionalText(500, "The reasonable adjustment"),
    riskResponse: optionalText(2000, "What you did about the risk"),
  });

export const recordTherapyContactSchema = z
  .object({
    referralId: uuidSchema,
    date: isoDateSchema.refine((d) => d <= londonToday(), "The session date cannot be in the future"),
    kind: z.enum(THERAPY_CONTACT_KINDS, { error: "Choose whether it was an assessment or a treatment session" }),
    attendance: z.enum(THERAPY_ATTENDANCES, { error: "Say whether the patient attended" }),
    // Default: the member of staff recording it.
    practitionerId: optionalUuid,
    phq9: measureResponseSchema("PHQ-9").optional(),
    gad7: measureResponseSchema("GAD-7").optional(),
  })
  .superRefine(
    (v, ctx) => {
      for (const m of SESSION_MEASURES) {
        if (v.attendance === "ATTENDED" && !v[m]) {
          ctx.addIssue({ code: "custom", path: [m], message: `Record the ${SESSION_MEASURE_LABELS[m]} taken at the session` });
        }
        if (v.attendance && v.attendance !== "ATTENDED" && v[m]) {
          ctx.addIssue({
            code: "custom",
            path: [m],
            message: `Measures are taken only at an attended session: clear the ${SESSION_MEASURE_LABELS[m]} answers or choose Attended`,
          });
        }
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type RecordTherapyContactInput = z.input<typeof recordTherapyContactSchema>;
export type RecordTherapyContact = z.output<typeof recordTherapyContactSchema>;

/** A correction: the contact it replaces, why, and the contact as it should have been. */
export const correctTherapyContactSchema = z
  .object({
    contactId: uuidSchema,
    reason: requiredText(1000, "The reason", "Give the reason for the correction"),
  })
  .and(recordTherapyContactSchema);

export type CorrectTherapyContactInput = z.input<typeof correctTherapyContactSchema>;

export const referralCourseSchema = z.object({ referralId: uuidSchema });

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
};

/**
 * The "Record a session" form's fields as the service's input: `<measure>.answer.<item>`
 * (1-based) for each of `<measure>.items` items, `<measure>.instrumentVersionId`,
 * `<measure>.completedBy`, `<measure>.adjustment`, `<measure>.riskResponse`. A measure is
 * left out when the patient did not attend and none of its items was answered.
 */
export function therapyContactFormValues(form: FormData): RecordTherapyContactInput & { contactId?: string; reason?: string } {
  const attendance = str(form, "attendance");
  const measure = (m: SessionMeasure) => {
    const count = Math.min(Math.max(Number.parseInt(str(form, `${m}.items`) ?? "0", 10) || 0, 0), 50);
    const answers = Array.from({ length: count }, (_, i) => {
      const a = str(form, `${m}.answer.${i + 1}`);
      return a === undefined || a === "" || !/^\d{1,3}$/.test(a) ? null : Number(a);
    });
    if (attendance !== "ATTENDED" && answers.every((a) => a === null)) return undefined;
    return {
      instrumentVersionId: str(form, `${m}.instrumentVersionId`) ?? "",
      answers,
      completedBy: str(form, `${m}.completedBy`) as (typeof COMPLETED_BY)[number],
      adjustment: str(form, `${m}.adjustment`),
      riskResponse: str(form, `${m}.riskResponse`),
    };
  };
  return {
    ...(form.has("contactId") ? { contactId: str(form, "contactId"), reason: str(form, "reason") } : {}),
    referralId: str(form, "referralId") ?? "",
    date: str(form, "date") ?? "",
    kind: str(form, "kind") as RecordTherapyContactInput["kind"],
    attendance: attendance as RecordTherapyContactInput["attendance"],
    practitionerId: str(form, "practitionerId"),
    phq9: measure("phq9"),
    gad7: measure("gad7"),
  };
}

/**
 * An instrument version as the clinic lead's form sends it: items one per line
 * (a line ending in "[risk]" is a risk item), answer options one per line as
 * "0 = Not at all", bands one per line as "0-4 = Minimal". The lines are read
 * here and the result checked by instrumentVersionSchema, so every message
 * names the form field it is about.
 */
export const instrumentVersionFormSchema = z
  .object({
    code: z.string({ error: "Enter a code" }),
    version: z.union([z.string(), z.number()], { error: "Enter the version number" }),
    name: z.string({ error: "Enter the name" }),
    mapsTo: z
      .union([z.enum(["PHQ4", "PHQ9", "GAD7"]), z.literal(""), z.null()], { error: "Choose a standard measure or none" })
      .optional()
      .transform((v) => (v ? v : null)),
    validatedForOutcomes: z
      .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal(""), z.undefined()])
      .transform((v) => v === true || v === "on" || v === "true"),
    source: z.string({ error: "Enter the source of the wording" }),
    stem: z.string({ error: "Enter the question stem" }),
    items: z.string({ error: "Enter the items, one per line" }),
    options: z.string({ error: "Enter the answer options, one per line" }),
    bands: z.string({ error: "Enter the bands, one per line" }),
    maxTotal: z.union([z.string(), z.number()], { error: "Enter the highest total" }),
    caseness: z
      .union([z.string(), z.number(), z.null()])
      .optional()
      .transform((v) => (v === "" || v === undefined ? null : v)),
  })
  .transform((v, ctx) => {
    const parsed = parseInstrumentLines({ items: v.items, options: v.options, bands: v.bands });
    const errors: Record<string, string> = { ...parsed.errors };
    if (String(v.version).trim() === "") errors.version = "Enter the version number";
    if (String(v.maxTotal).trim() === "") errors.maxTotal = "Enter the highest total";
    for (const [field, message] of Object.entries(errors)) ctx.addIssue({ code: "custom", path: [field], message });
    if (Object.keys(errors).length > 0) return z.NEVER;
    return { ...v, items: parsed.items, options: parsed.options, bands: parsed.bands } as z.input<typeof instrumentVersionSchema>;
  })
  .pipe(instrumentVersionSchema);

export type InstrumentVersionFormInput = z.input<typeof instrumentVersionFormSchema>;

export const INSTRUMENT_FORM_FIELDS = [
  "code",
  "version",
  "name",
  "mapsTo",
  "validatedForOutcomes",
  "source",
  "stem",
  "items",
  "options",
  "bands",
  "maxTotal",
  "caseness",
] as const;

/** The clinic lead's form as the service's input (every field a string, the checkbox "on" when ticked). */
export function instrumentVersionFormValues(form: FormData): Record<string, string> {
  return Object.fromEntries(INSTRUMENT_FORM_FIELDS.map((f) => [f, str(form, f) ?? ""]));
}
