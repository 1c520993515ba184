"use client";

import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors } from "@/components/forms/field";
import { checkBeforeSending, useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { REFERRAL_PATHWAYS } from "@/lib/triage";
import { removedRiskKinds, UNTICK_REASON_MESSAGE } from "@/lib/triage/risk";
import { ChangeReasonField, TriageSavedStatus, type TriageSaved } from "./triage/change-reason";
import type { TriageFormValues } from "./triage/fields";
import { OutcomeSection, type ReviewDay } from "./triage/outcome-section";
import { RecommendationsSection } from "./triage/recommendations-section";
import { PresentingProblemsField, RiskSection } from "./triage/risk-section";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadRecordTriageSchema: SchemaLoader = () => import("@/lib/validation/triage").then((m) => m.recordTriageSchema);

export type { TriageFormValues } from "./triage/fields";

export const EMPTY_TRIAGE: TriageFormValues = {
  presentingProblems: "",
  riskToSelf: false,
  riskToOthers: false,
  riskFromOthers: false,
  riskActionTaken: "",
  outcome: "",
  pathway: "",
  ltcCondition: "",
  signpostKind: "",
  signpostTo: "",
  reviewClinicDayId: "",
  consentToReferral: false,
  recommendations: [""],
};

const fieldId = (field: string) => `tr-${field.replaceAll(".", "-")}`;

/** Where each field's error links to: the first control of a group; nothing for fields not on the form. */
function anchor(field: string): string | null {
  if (field === "_form" || field === "appointmentId") return null;
  if (field === "outcome") return "tr-outcome-REFER";
  if (field === "pathway") return `tr-pathway-${REFERRAL_PATHWAYS[0]}`;
  return fieldId(field);
}

const FIELD_ORDER = [
  "presentingProblems",
  "riskActionTaken",
  "outcome",
  "pathway",
  "ltcCondition",
  "consentToReferral",
  "signpostKind",
  "signpostTo",
  "reviewClinicDayId",
  "recommendations",
  "changeReason",
];

/**
 * The Talking Therapies triage: presenting problems, the risk screen (an
 * action is required once any risk is ticked), the outcome with only the
 * fields it needs, consent, and recommendations for the GP one per line.
 * Checked here with the server's schema first; the server's messages are
 * shown beside each field and in the summary. Saving a recorded triage again
 * keeps the earlier version; unticking a risk it recorded needs a reason.
 */
export function TriageForm({
  appointmentId,
  initial,
  reviewDays,
  patientConditions,
  action,
  initialSaved = false,
}: {
  appointmentId: string;
  /** A saved triage's values, or (for a new one) any defaults to start from; the rest come from EMPTY_TRIAGE. */
  initial: Partial<TriageFormValues>;
  /** True when `initial` is a triage already saved (so saving again is a change, and unticking a risk needs a reason). */
  initialSaved?: boolean;
  reviewDays: ReviewDay[];
  /** The patient's own long-term conditions, offered first on the long-term-conditions pathway. */
  patientConditions: readonly string[];
  action: (input: unknown) => Promise<ActionResult<TriageSaved>>;
}) {
  const start: TriageFormValues = { ...EMPTY_TRIAGE, ...initial };
  const [values, setValues] = useState<TriageFormValues>({ ...start, changeReason: "" });
  // What is saved now (null before the first save): the baseline unticking is judged against.
  const [stored, setStored] = useState<TriageFormValues | null>(initialSaved ? start : null);
  const { pending, failure, errors, saved, setSaved, savedRef, fail, check, run } = useActionForm<TriageSaved>();
  const field = fieldErrors(errors, fieldId);
  const unticked = removedRiskKinds(stored, values);

  function set<K extends keyof TriageFormValues>(name: K, value: TriageFormValues[K]) {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { appointmentId, ...values, outcome: values.outcome || undefined };
    if (unticked.length > 0 && !values.changeReason?.trim()) {
      const local = await checkBeforeSending(loadRecordTriageSchema, payload);
      fail({ message: local?.message ?? UNTICK_REASON_MESSAGE, fieldErrors: { ...(local?.fieldErrors ?? {}), changeReason: UNTICK_REASON_MESSAGE } });
      return;
    }
    if (!(await check(loadRecordTriageSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setSaved(data);
        setStored(values);
        setValues((prev) => ({ ...prev, changeReason: "" }));
      },
    );
  }

  const sectionProps = { values, set, field };
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <ErrorSummary failure={failure} heading="h3" fieldId={anchor} order={FIELD_ORDER} />
      <PresentingProblemsField {...sectionProps} />
      <RiskSection {...sectionProps} />
      <OutcomeSection {...sectionProps} reviewDays={reviewDays} patientConditions={patientConditions} />
      <RecommendationsSection {...sectionProps} />
      {stored ? <ChangeReasonField {...sectionProps} unticked={unticked} /> : null}

      <button type="submit" disabled={pending} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save triage"}
      </button>

      {saved ? <TriageSavedStatus saved={saved} ref={savedRef} /> : null}
    </form>
  );
}
