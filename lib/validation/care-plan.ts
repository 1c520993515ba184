/**
 * The care plan editor's schemas, shared by the form and the actions. Past
 * dates depend on "today", so the schema that refuses them is made for a day
 * (`carePlanDraftSchemaFor(londonToday())`); the service passes its own clock.
 */
import { z } from "zod";
import { ACTION_KINDS } from "@/lib/care-plan";
import { isoDateSchema, optionalText, requiredText, uuidSchema } from "./common";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const carePlanActionSchema = z.object({
  kind: z.enum(ACTION_KINDS, { error: "Choose what kind of action this is" }),
  description: requiredText(500, "The action", "Describe the action"),
  who: requiredText(120, "Who", "Say who will do it"),
  byWhen: isoDateSchema,
});

export const recommendationDecisionSchema = z
  .object({
    recommendation: requiredText(1000, "The recommendation", "The recommendation is missing"),
    accepted: z.boolean().nullable(),
    reason: optionalText(500, "The reason"),
  })
  .refine((r) => r.accepted !== false || Boolean(r.reason), { path: ["reason"], error: "Give a reason for declining this recommendation" });

export const carePlanDraftSchema = z.object({
  patientId: uuidSchema,
  /** The draft being edited, when the editor loaded one; a final or replaced version is refused. */
  carePlanId: z.preprocess(blankToUndefined, uuidSchema.optional()),
  whatMatters: optionalText(2000, "What matters"),
  goals: optionalText(2000, "Goals"),
  actions: z.array(carePlanActionSchema).max(30, "A care plan can have up to 30 actions"),
  recommendations: z.array(recommendationDecisionSchema).max(30, "Too many recommendations"),
  keyWorkerId: z.preprocess(blankToUndefined, uuidSchema.optional()),
  nextReviewDate: z.preprocess(blankToUndefined, isoDateSchema.optional()),
  /** Empty: the plan goes on the review list and reception books the review later. */
  reviewClinicDayId: z.preprocess(blankToUndefined, uuidSchema.optional()),
});

export type CarePlanDraftInput = z.input<typeof carePlanDraftSchema>;
export type CarePlanDraft = z.output<typeof carePlanDraftSchema>;

/** The draft schema refusing dates before `today` (London 'YYYY-MM-DD'), each with its own message. */
export function carePlanDraftSchemaFor(today: string) {
  return carePlanDraftSchema.superRefine((plan, ctx) => {
    if (plan.nextReviewDate && plan.nextReviewDate < today) {
      ctx.addIssue({ code: "custom", path: ["nextReviewDate"], message: "The next review date has passed: choose today or a later date" });
    }
    plan.actions.forEach((action, i) => {
      if (action.byWhen < today)
        ctx.addIssue({ code: "custom", path: ["actions", i, "byWhen"], message: `Action ${i + 1}: the “by when” date has passed` });
    });
  });
}

export const reviseCarePlanSchema = z.object({
  carePlanId: uuidSchema,
  changeReason: requiredText(500, "The reason", "Say why the care plan is changing"),
});

export const patientRefSchema = z.object({ patientId: uuidSchema });
/** The patient's printed copy: standard or easy read (by default easy read for a patient with a learning disability). */
export const CARE_PLAN_COPY_FORMATS = ["standard", "easy-read"] as const;
export const carePlanCopySchema = patientRefSchema.extend({ format: z.enum(CARE_PLAN_COPY_FORMATS).optional() });
export const carePlanRefSchema = z.object({ carePlanId: uuidSchema });
