"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { checkBeforeSending } from "@/components/error-summary";
import type { ActionResult } from "@/lib/auth/handle";
import {
  REFERRAL_PATHWAY_LABELS,
  REFERRAL_PATHWAYS,
  RISK_LABELS,
  SIGNPOST_KIND_LABELS,
  SIGNPOST_KINDS,
  TRIAGE_OUTCOME_LABELS,
  TRIAGE_OUTCOMES,
  ukDate,
  type TriageOutcomeKind,
} from "@/lib/triage";
import { riskKindList, removedRiskKinds, UNTICK_REASON_MESSAGE } from "@/lib/triage/risk";
import { RECOMMENDATIONS_MAX, recordTriageSchema } from "@/lib/validation/triage";

export type TriageFormValues = {
  presentingProblems: string;
  riskToSelf: boolean;
  riskToOthers: boolean;
  riskFromOthers: boolean;
  riskActionTaken: string;
  outcome: TriageOutcomeKind | "";
  pathway: string;
  signpostKind: string;
  signpostTo: string;
  reviewClinicDayId: string;
  consentToReferral: boolean;
  recommendations: string[];
  /** Why this change to a saved triage: required when a recorded risk is unticked. */
  changeReason?: string;
};

export const EMPTY_TRIAGE: TriageFormValues = {
  presentingProblems: "",
  riskToSelf: false,
  riskToOthers: false,
  riskFromOthers: false,
  riskActionTaken: "",
  outcome: "",
  pathway: "",
  signpostKind: "",
  signpostTo: "",
  reviewClinicDayId: "",
  consentToReferral: false,
  recommendations: [""],
};

type Saved = {
  updated: boolean;
  version?: number;
  risk: boolean;
  referralId: string | null;
  review: { date: string; time: string | null; waitlisted: boolean } | null;
};
type Failure = { message: string; fieldErrors: Record<string, string> };

const RISKS = ["riskToSelf", "riskToOthers", "riskFromOthers"] as const;

/** Where each field's error links to: the first control of a group. */
function anchor(field: string): string {
  if (field === "outcome") return "tr-outcome-REFER";
  if (field === "pathway") return `tr-pathway-${REFERRAL_PATHWAYS[0]}`;
  if (field.startsWith("recommendations")) return `tr-${field.replace(".", "-")}`;
  return `tr-${field}`;
}

const FIELD_ORDER = ["presentingProblems", "riskActionTaken", "outcome", "pathway", "consentToReferral", "signpostKind", "signpostTo", "reviewClinicDayId", "recommendations", "changeReason"];

function sortedErrors(errors: Record<string, string>): Array<[string, string]> {
  const rank = (f: string) => {
    const i = FIELD_ORDER.indexOf(f.split(".")[0]);
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return Object.entries(errors)
    .filter(([f]) => f !== "_form" && f !== "appointmentId")
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

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
  action,
  initialSaved = false,
}: {
  appointmentId: string;
  initial: TriageFormValues;
  /** True when `initial` is a triage already saved (so saving again is a change, and unticking a risk needs a reason). */
  initialSaved?: boolean;
  reviewDays: Array<{ id: string; date: string; freeSlots: number }>;
  action: (input: unknown) => Promise<ActionResult<Saved>>;
}) {
  const [values, setValues] = useState<TriageFormValues>({ ...initial, changeReason: "" });
  // What is saved now (null before the first save): the baseline unticking is judged against.
  const [stored, setStored] = useState<TriageFormValues | null>(initialSaved ? initial : null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [pending, start] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const errors = failure?.fieldErrors ?? {};
  const anyRisk = values.riskToSelf || values.riskToOthers || values.riskFromOthers;
  const unticked = removedRiskKinds(stored, values);

  useEffect(() => {
    if (failure) summaryRef.current?.focus();
  }, [failure]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  function set<K extends keyof TriageFormValues>(name: K, value: TriageFormValues[K]) {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  }

  function setLine(index: number, text: string) {
    set(
      "recommendations",
      values.recommendations.map((line, i) => (i === index ? text : line)),
    );
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { appointmentId, ...values, outcome: values.outcome || undefined };
    const local = checkBeforeSending(recordTriageSchema, payload);
    if (unticked.length > 0 && !values.changeReason?.trim()) {
      const fieldErrors = { ...(local?.fieldErrors ?? {}), changeReason: UNTICK_REASON_MESSAGE };
      setSaved(null);
      setFailure({ message: local?.message ?? UNTICK_REASON_MESSAGE, fieldErrors });
      return;
    }
    if (local) {
      setSaved(null);
      setFailure(local);
      return;
    }
    start(async () => {
      const result = await action(payload);
      if (result.ok) {
        setFailure(null);
        setSaved(result.data);
        setStored(values);
        setValues((prev) => ({ ...prev, changeReason: "" }));
        return;
      }
      setSaved(null);
      setFailure({ message: result.message, fieldErrors: result.fieldErrors ?? {} });
    });
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`tr-${name.replace(".", "-")}-error`} className="mt-1 font-semibold text-nhs-red">
        <span className="sr-only">Error: </span>
        {errors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: string) => [hint, errors[name] ? `tr-${name.replace(".", "-")}-error` : null].filter(Boolean).join(" ") || undefined;
  const boxClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;
  const listed = sortedErrors(errors);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {failure ? (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="tr-error-title" className="border-4 border-nhs-red bg-white p-4">
          <h3 id="tr-error-title" className="text-lg font-bold">
            There is a problem
          </h3>
          {listed.length === 0 ? <p className="mt-2">{failure.message}</p> : null}
          {listed.length > 0 ? (
            <ul className="mt-2 list-disc pl-6">
              {listed.map(([name, message]) => (
                <li key={name}>
                  <a href={`#${anchor(name)}`} className="font-semibold text-nhs-red underline">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div>
        <label htmlFor="tr-presentingProblems" className="block font-semibold">
          Presenting problems
        </label>
        {fieldError("presentingProblems")}
        <textarea
          id="tr-presentingProblems"
          rows={4}
          value={values.presentingProblems}
          onChange={(e) => set("presentingProblems", e.target.value)}
          aria-describedby={describedBy("presentingProblems")}
          aria-invalid={errors.presentingProblems ? true : undefined}
          className={boxClass(!!errors.presentingProblems)}
        />
      </div>

      <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby="tr-risk-hint">
        <legend className="px-1 font-semibold">Risk screen</legend>
        <p id="tr-risk-hint" className="text-slate-700">
          Tick any risk identified. The GP sees a &ldquo;Risk&rdquo; flag on their list, and the action taken is required.
        </p>
        <div className="mt-2 space-y-2">
          {RISKS.map((risk) => (
            <label key={risk} htmlFor={`tr-${risk}`} className="flex cursor-pointer items-center gap-3">
              <input id={`tr-${risk}`} type="checkbox" checked={values[risk]} onChange={(e) => set(risk, e.target.checked)} className="h-6 w-6" />
              {RISK_LABELS[risk]}
            </label>
          ))}
        </div>
        {anyRisk || errors.riskActionTaken ? (
          <div className="mt-3">
            <label htmlFor="tr-riskActionTaken" className="block font-semibold">
              Action taken about the risk
            </label>
            {fieldError("riskActionTaken")}
            <textarea
              id="tr-riskActionTaken"
              rows={3}
              value={values.riskActionTaken}
              onChange={(e) => set("riskActionTaken", e.target.value)}
              aria-describedby={describedBy("riskActionTaken")}
              aria-invalid={errors.riskActionTaken ? true : undefined}
              className={boxClass(!!errors.riskActionTaken)}
            />
          </div>
        ) : null}
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby={errors.outcome ? "tr-outcome-error" : undefined}>
        <legend className="px-1 font-semibold">Outcome</legend>
        {fieldError("outcome")}
        <div className="mt-2 space-y-2">
          {TRIAGE_OUTCOMES.map((outcome) => (
            <label key={outcome} htmlFor={`tr-outcome-${outcome}`} className="flex cursor-pointer items-center gap-3">
              <input
                id={`tr-outcome-${outcome}`}
                type="radio"
                name="outcome"
                value={outcome}
                checked={values.outcome === outcome}
                onChange={() => set("outcome", outcome)}
                className="h-5 w-5"
              />
              {TRIAGE_OUTCOME_LABELS[outcome]}
            </label>
          ))}
        </div>

        {values.outcome === "REFER" ? (
          <div className="mt-4 space-y-4 border-l-4 border-slate-300 pl-4">
            <fieldset aria-describedby={errors.pathway ? "tr-pathway-error" : undefined}>
              <legend className="font-semibold">Pathway</legend>
              {fieldError("pathway")}
              <div className="mt-1 space-y-2">
                {REFERRAL_PATHWAYS.map((p) => (
                  <label key={p} htmlFor={`tr-pathway-${p}`} className="flex cursor-pointer items-center gap-3">
                    <input id={`tr-pathway-${p}`} type="radio" name="pathway" value={p} checked={values.pathway === p} onChange={() => set("pathway", p)} className="h-5 w-5" />
                    {REFERRAL_PATHWAY_LABELS[p]}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              {fieldError("consentToReferral")}
              <label htmlFor="tr-consentToReferral" className="flex cursor-pointer items-center gap-3 font-semibold">
                <input
                  id="tr-consentToReferral"
                  type="checkbox"
                  checked={values.consentToReferral}
                  onChange={(e) => set("consentToReferral", e.target.checked)}
                  aria-describedby={describedBy("consentToReferral")}
                  aria-invalid={errors.consentToReferral ? true : undefined}
                  className="h-6 w-6"
                />
                The patient consents to the referral
              </label>
            </div>
          </div>
        ) : null}

        {values.outcome === "SIGNPOST" ? (
          <div className="mt-4 space-y-4 border-l-4 border-slate-300 pl-4">
            <div>
              <label htmlFor="tr-signpostKind" className="block font-semibold">
                Kind of service
              </label>
              {fieldError("signpostKind")}
              <select
                id="tr-signpostKind"
                value={values.signpostKind}
                onChange={(e) => set("signpostKind", e.target.value)}
                aria-describedby={describedBy("signpostKind")}
                aria-invalid={errors.signpostKind ? true : undefined}
                className={`${boxClass(!!errors.signpostKind)} max-w-md bg-white`}
              >
                <option value="">Choose…</option>
                {SIGNPOST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {SIGNPOST_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="tr-signpostTo" className="block font-semibold">
                Name of the service
              </label>
              {fieldError("signpostTo")}
              <input
                id="tr-signpostTo"
                type="text"
                value={values.signpostTo}
                onChange={(e) => set("signpostTo", e.target.value)}
                aria-describedby={describedBy("signpostTo")}
                aria-invalid={errors.signpostTo ? true : undefined}
                className={`${boxClass(!!errors.signpostTo)} max-w-md`}
              />
            </div>
          </div>
        ) : null}

        {values.outcome === "REVIEW_LATER" ? (
          <div className="mt-4 border-l-4 border-slate-300 pl-4">
            <label htmlFor="tr-reviewClinicDayId" className="block font-semibold">
              Clinic day for the review
            </label>
            <p id="tr-review-hint" className="text-slate-700">
              A Talking Therapies slot is booked on that day; if it is full the patient is waitlisted for it.
            </p>
            {fieldError("reviewClinicDayId")}
            {reviewDays.length === 0 ? <p className="mt-1 font-semibold">No later clinic day is scheduled for this clinic.</p> : null}
            <select
              id="tr-reviewClinicDayId"
              value={values.reviewClinicDayId}
              onChange={(e) => set("reviewClinicDayId", e.target.value)}
              aria-describedby={describedBy("reviewClinicDayId", "tr-review-hint")}
              aria-invalid={errors.reviewClinicDayId ? true : undefined}
              className={`${boxClass(!!errors.reviewClinicDayId)} max-w-xl bg-white`}
            >
              <option value="">Choose a clinic day…</option>
              {reviewDays.map((d) => (
                <option key={d.id} value={d.id}>
                  {ukDate(d.date)}: {d.freeSlots === 0 ? "no Talking Therapies slot free (waitlist)" : `${d.freeSlots} Talking Therapies ${d.freeSlots === 1 ? "slot" : "slots"} free`}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby="tr-recommendations-hint">
        <legend className="px-1 font-semibold">Recommendations for the GP</legend>
        <p id="tr-recommendations-hint" className="text-slate-700">
          One recommendation per line: the GP accepts or declines each in the care plan.
        </p>
        {fieldError("recommendations")}
        <ol className="mt-2 space-y-2">
          {values.recommendations.map((line, index) => {
            const key = `recommendations.${index}`;
            return (
              <li key={index} className="flex flex-wrap items-end gap-2">
                <div className="min-w-64 flex-1">
                  <label htmlFor={`tr-recommendations-${index}`} className="block font-semibold">
                    Recommendation {index + 1}
                  </label>
                  {fieldError(key)}
                  <input
                    id={`tr-recommendations-${index}`}
                    type="text"
                    value={line}
                    onChange={(e) => setLine(index, e.target.value)}
                    aria-describedby={describedBy(key)}
                    aria-invalid={errors[key] ? true : undefined}
                    className={boxClass(!!errors[key])}
                  />
                </div>
                <button
                  type="button"
                  onClick={() => set("recommendations", values.recommendations.filter((_, i) => i !== index))}
                  className="rounded border-2 border-slate-700 bg-white px-3 py-2 font-semibold"
                >
                  Remove<span className="sr-only"> recommendation {index + 1}</span>
                </button>
              </li>
            );
          })}
        </ol>
        {values.recommendations.length < RECOMMENDATIONS_MAX ? (
          <button type="button" onClick={() => set("recommendations", [...values.recommendations, ""])} className="mt-3 rounded border-2 border-nhs-blue bg-white px-3 py-2 font-semibold text-nhs-blue">
            Add a recommendation
          </button>
        ) : null}
      </fieldset>

      {stored ? (
        <div>
          <label htmlFor="tr-changeReason" className="block font-semibold">
            Reason for the change
          </label>
          <p id="tr-changeReason-hint" className="text-slate-700">
            Saving again keeps the earlier version. A reason is required when you untick a risk that was recorded.
          </p>
          {unticked.length > 0 ? (
            <p className="font-semibold">
              Unticked: {riskKindList(unticked)}. The earlier version, with the risk and its action taken, stays readable.
            </p>
          ) : null}
          {fieldError("changeReason")}
          <textarea
            id="tr-changeReason"
            rows={2}
            value={values.changeReason ?? ""}
            onChange={(e) => set("changeReason", e.target.value)}
            aria-describedby={describedBy("changeReason", "tr-changeReason-hint")}
            aria-invalid={errors.changeReason ? true : undefined}
            className={boxClass(!!errors.changeReason)}
          />
        </div>
      ) : null}

      <button type="submit" disabled={pending} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save triage"}
      </button>

      {saved ? (
        <div ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4">
          <p className="font-semibold">
            {saved.updated ? "Triage updated." : "Triage saved."}
            {saved.updated && saved.version ? ` This is version ${saved.version}; the earlier versions are kept.` : ""}
          </p>
          <ul className="mt-1 list-disc pl-6">
            {saved.risk ? <li>The risk is flagged on the GP&apos;s list, the flow board and the patient&apos;s summary, on this and any later day, until a clinician records it reviewed or resolved.</li> : null}
            {saved.referralId ? <li>Referral recorded: move it on from the referrals page.</li> : null}
            {saved.review ? (
              <li>
                {saved.review.waitlisted
                  ? `No Talking Therapies slot was free on ${ukDate(saved.review.date)}: the patient is on the waitlist for that day.`
                  : `Review booked on ${ukDate(saved.review.date)}${saved.review.time ? ` at ${saved.review.time}` : ""}.`}
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
