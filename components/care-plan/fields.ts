import type { fieldErrors } from "@/components/forms/field";
import type { CarePlanAction, RecommendationDecision } from "@/lib/care-plan";
import { ukDate as formatDate } from "@/components/dates";

export type CarePlanEditorValues = {
  carePlanId: string | null;
  version: number;
  whatMatters: string;
  goals: string;
  actions: CarePlanAction[];
  recommendations: RecommendationDecision[];
  keyWorkerId: string;
  nextReviewDate: string;
  reviewClinicDayId: string;
};

/** What each section of the care plan editor is given: the values, a setter and the field helpers. */
export type CarePlanSectionProps = {
  values: CarePlanEditorValues;
  set: <K extends keyof CarePlanEditorValues>(name: K, value: CarePlanEditorValues[K]) => void;
  field: ReturnType<typeof fieldErrors>;
};

export const fieldId = (name: string) => `cp-${name.replaceAll(".", "-")}`;

export const ukDate = (iso: string) => formatDate(iso, "EEEE, d MMMM yyyy");
