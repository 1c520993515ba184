/** Recording that an open risk was reviewed or resolved: one schema, shared by the form and the action. */
import { z } from "zod";
import { RISK_REVIEW_OUTCOMES } from "@/lib/triage/risk";
import { text, uuidSchema } from "./common";

export const RISK_REVIEW_REASON_MAX = 1000;

export const reviewRiskSchema = z.object({
  triageOutcomeId: uuidSchema,
  /** The triage's version the clinician read: a review is refused if the triage has changed since. */
  version: z
    .number({ error: "Refresh the page and try again" })
    .int("Refresh the page and try again")
    .min(1, "Refresh the page and try again")
    .max(1_000_000, "Refresh the page and try again"),
  outcome: z.enum(RISK_REVIEW_OUTCOMES, { error: "Choose whether the risk was reviewed or resolved" }),
  reason: text("The reason", { error: "Give the reason: what was reviewed, or why the risk is resolved" })
    .trim()
    .min(1, "Give the reason: what was reviewed, or why the risk is resolved")
    .max(RISK_REVIEW_REASON_MAX, `The reason must be ${RISK_REVIEW_REASON_MAX} characters or fewer`),
});

export type ReviewRiskInput = z.input<typeof reviewRiskSchema>;
