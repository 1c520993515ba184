import type { fieldErrors } from "@/components/forms/field";
import type { TriageOutcomeKind } from "@/lib/triage";

export type TriageFormValues = {
  presentingProblems: string;
  riskToSelf: boolean;
  riskToOthers: boolean;
  riskFromOthers: boolean;
  riskActionTaken: string;
  outcome: TriageOutcomeKind | "";
  pathway: string;
  /** On the long-term-conditions pathway, the condition the referral is for. */
  ltcCondition: string;
  signpostKind: string;
  signpostTo: string;
  reviewClinicDayId: string;
  consentToReferral: boolean;
  recommendations: string[];
  /** Why this change to a saved triage: required when a recorded risk is unticked. */
  changeReason?: string;
};

/** What each section of the triage form is given: the values, a setter and the field helpers. */
export type TriageSectionProps = {
  values: TriageFormValues;
  set: <K extends keyof TriageFormValues>(name: K, value: TriageFormValues[K]) => void;
  field: ReturnType<typeof fieldErrors>;
};

/** A text box's border: red while its field is in error. */
export const boxClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;
