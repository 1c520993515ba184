/** The triage form and the referral update: one schema each, shared by the form and the action. */
import { z } from "zod";
import { REFERRAL_STATUSES } from "@/lib/referral";
import { londonToday } from "@/lib/schedule";
import { cleanRecommendations, REFERRAL_PATHWAYS, SIGNPOST_KINDS, TRIAGE_OUTCOMES, triageProblems } from "@/lib/triage";
import { LONG_TERM_CONDITION_CODES } from "@/lib/patients/reference-data";
import { isoDateSchema, optionalText, text, uuidSchema } from "./common";
import { RECOMMENDATIONS_MAX } from "./limits";

export const RECOMMENDATION_MAX_LENGTH = 500;

/** Checkboxes arrive as booleans from the form and as "on"/"true" from plain posts. */
const checkbox = z
  .union([z.boolean(), z.literal("true"), z.literal("false"), z.literal("on")])
  .optional()
  .transform((v) => v === true || v === "true" || v === "on");

/** An optional choice: "" from an unselected control means none. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.enum(values), z.literal("")], { error: message })
    .nullish()
    .transform((v) => (v ? v : null));

export const recordTriageSchema = z
  .object({
    appointmentId: uuidSchema,
    presentingProblems: text("The presenting problems", { error: "Describe the presenting problems" })
      .trim()
      .min(1, "Describe the presenting problems")
      .max(4000, "The presenting problems must be 4,000 characters or fewer"),
    riskToSelf: checkbox,
    riskToOthers: checkbox,
    riskFromOthers: checkbox,
    riskActionTaken: optionalText(2000, "The action taken"),
    outcome: z.enum(TRIAGE_OUTCOMES, { error: "Choose the outcome of the triage" }),
    pathway: optionalChoice(REFERRAL_PATHWAYS, "Choose a pathway from the list"),
    /** Required on the long-term-conditions pathway; ignored (stored as none) on any other (see referralCondition). */
    ltcCondition: optionalChoice(LONG_TERM_CONDITION_CODES, "Choose a long-term condition from the list"),
    signpostKind: optionalChoice(SIGNPOST_KINDS, "Choose a kind of service from the list"),
    signpostTo: optionalText(300, "The service's name"),
    reviewClinicDayId: z
      .union([uuidSchema, z.literal("")])
      .nullish()
      .transform((v) => (v ? v : null)),
    consentToReferral: checkbox,
    recommendations: z
      .array(
        text("Each recommendation").max(RECOMMENDATION_MAX_LENGTH, `Each recommendation must be ${RECOMMENDATION_MAX_LENGTH} characters or fewer`),
        {
          error: "Recommendations must be a list",
        },
      )
      .optional()
      .transform((lines) => cleanRecommendations(lines ?? []))
      .refine((lines) => lines.length <= RECOMMENDATIONS_MAX, `Give at most ${RECOMMENDATIONS_MAX} recommendations`),
    /** Why this change to a saved triage (required when it unticks a recorded risk: checked against the saved triage). */
    changeReason: optionalText(1000, "The reason for the change"),
  })
  .superRefine(
    (value, ctx) => {
      for (const [field, message] of Object.entries(triageProblems(value))) {
        ctx.addIssue({ code: "custom", path: [field], message });
      }
    },
    // Named with the other fields' problems, so one save shows them all.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type RecordTriageInput = z.input<typeof recordTriageSchema>;
export type RecordTriageValues = z.output<typeof recordTriageSchema>;

export const updateReferralSchema = z
  .object({
    referralId: uuidSchema,
    status: z.enum(REFERRAL_STATUSES, { error: "Choose what happened to the referral" }),
    date: isoDateSchema.refine((d) => d <= londonToday(), "The date cannot be in the future"),
    reason: optionalText(1000, "The reason"),
  })
  .superRefine(
    (value, ctx) => {
      if ((value.status === "DECLINED" || value.status === "DID_NOT_ENGAGE" || value.status === "FINISHED_TREATMENT") && !value.reason) {
        ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the reason the referral is closed" });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type UpdateReferralInput = z.input<typeof updateReferralSchema>;

export const listReferralsSchema = z.object({
  status: z
    .union([z.enum(REFERRAL_STATUSES, { error: "Choose a status from the list" }), z.literal(""), z.literal("OPEN")])
    .optional()
    .transform((v) => (v ? v : undefined)),
});
