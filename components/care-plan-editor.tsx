"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import { useActionForm } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { ActionsSection } from "./care-plan/actions-section";
import { fieldId, type CarePlanEditorValues, type CarePlanSectionProps } from "./care-plan/fields";
import { RecommendationDecisions } from "./care-plan/recommendations-section";
import { FinaliseConfirmation, KeyWorkerAndReview, type CarePlanReviewDay, type KeyWorker } from "./care-plan/review-section";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadCarePlanDraftSchemaFor = (today: string) => import("@/lib/validation/care-plan").then((m) => m.carePlanDraftSchemaFor(today));

export type { CarePlanEditorValues } from "./care-plan/fields";

type Action<T> = (input: unknown) => Promise<ActionResult<T>>;

/**
 * The GP's care plan editor: what matters to the person, their goals in their
 * own words, actions (who does what by when), a decision on each of the
 * therapist's recommendations, the key worker and the next review. "Save
 * draft" keeps it open; "Finalise" (after a confirmation) saves and locks it.
 * The server re-validates everything with the same schema.
 */
export function CarePlanEditor({
  patientId,
  patientName,
  today,
  initial,
  keyWorkers,
  reviewDays,
  saveAction,
  finaliseAction,
}: {
  patientId: string;
  patientName: string;
  today: string;
  initial: CarePlanEditorValues;
  keyWorkers: KeyWorker[];
  reviewDays: CarePlanReviewDay[];
  saveAction: Action<{ carePlanId: string; version: number; changed: string[] }>;
  finaliseAction: Action<{ carePlanId: string; version: number; onReviewList: boolean }>;
}) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const field = fieldErrors(errors, fieldId);

  function set<K extends keyof CarePlanEditorValues>(name: K, value: CarePlanEditorValues[K]) {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  }

  async function send(kind: "save" | "finalise") {
    const body = {
      patientId,
      carePlanId: values.carePlanId ?? "",
      whatMatters: values.whatMatters,
      goals: values.goals,
      actions: values.actions,
      recommendations: values.recommendations.map((r) => ({ recommendation: r.recommendation, accepted: r.accepted, reason: r.reason ?? "" })),
      keyWorkerId: values.keyWorkerId,
      nextReviewDate: values.nextReviewDate,
      reviewClinicDayId: values.reviewClinicDayId,
    };
    if (!(await check(() => loadCarePlanDraftSchemaFor(today), body))) {
      setConfirming(false);
      return;
    }
    if (kind === "save") {
      run(
        () => saveAction(body),
        (data) => {
          setValues((prev) => ({ ...prev, carePlanId: data.carePlanId, version: data.version }));
          setSaved(`Draft saved (version ${data.version}). It is not final until you finalise it.`);
        },
      );
      return;
    }
    run(
      async () => {
        const result = await finaliseAction(body);
        setConfirming(false);
        return result;
      },
      () => router.refresh(),
    );
  }

  const sectionProps: CarePlanSectionProps = { values, set, field };
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="space-y-5">
      <ErrorSummary failure={failure} heading="h3" fieldId={fieldId} />
      <WhatMattersFields {...sectionProps} patientName={patientName} />
      <ActionsSection {...sectionProps} today={today} />
      <RecommendationDecisions {...sectionProps} />
      <KeyWorkerAndReview {...sectionProps} today={today} keyWorkers={keyWorkers} reviewDays={reviewDays} />

      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          disabled={pending}
          onClick={() => send("save")}
          className="rounded border-2 border-nhs-blue bg-white px-5 py-2 font-semibold text-nhs-blue disabled:opacity-60"
        >
          {pending && !confirming ? "Saving…" : "Save draft"}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => {
            setConfirming(true);
            setSaved(null);
          }}
          className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60"
        >
          Finalise care plan
        </button>
      </div>

      {confirming ? (
        <FinaliseConfirmation
          patientName={patientName}
          values={values}
          keyWorkers={keyWorkers}
          reviewDays={reviewDays}
          pending={pending}
          onConfirm={() => send("finalise")}
          onCancel={() => setConfirming(false)}
        />
      ) : null}

      {saved ? (
        <p ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4 font-semibold">
          {saved}
        </p>
      ) : null}
    </form>
  );
}

/** What matters to the person and their goals, in their own words. */
function WhatMattersFields({ values, set, field, patientName }: CarePlanSectionProps & { patientName: string }) {
  return (
    <>
      <div>
        <label htmlFor="cp-whatMatters" className="block font-semibold">
          What matters to {patientName}
        </label>
        <p id="cp-whatMatters-hint" className="text-slate-700">
          In their own words: what they want their life to be like.
        </p>
        <textarea
          id="cp-whatMatters"
          rows={3}
          value={values.whatMatters}
          onChange={(e) => set("whatMatters", e.target.value)}
          {...field.aria("whatMatters", "cp-whatMatters-hint")}
          className={inputClass(field.invalid("whatMatters"))}
        />
        {field.error("whatMatters")}
      </div>

      <div>
        <label htmlFor="cp-goals" className="block font-semibold">
          Goals, in the person’s words
        </label>
        <textarea
          id="cp-goals"
          rows={3}
          value={values.goals}
          onChange={(e) => set("goals", e.target.value)}
          {...field.aria("goals")}
          className={inputClass(field.invalid("goals"))}
        />
        {field.error("goals")}
      </div>
    </>
  );
}

/** Starts a new version of a final plan; the reason is kept with the version. */
export function ReviseCarePlanForm({
  carePlanId,
  version,
  action,
}: {
  carePlanId: string;
  version: number;
  action: Action<{ carePlanId: string; version: number }>;
}) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const { pending, failure, run } = useActionForm();
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run(
          () => action({ carePlanId, changeReason: reason }),
          () => router.refresh(),
        );
      }}
      className="mt-3 max-w-2xl rounded border border-slate-300 bg-white p-4"
    >
      <label htmlFor="revise-reason" className="block font-semibold">
        Reason for changing the plan
      </label>
      <textarea
        id="revise-reason"
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-describedby={failure ? "revise-error" : undefined}
        aria-invalid={failure ? true : undefined}
        className={inputClass(!!failure)}
      />
      {failure ? (
        <p id="revise-error" role="alert" className="mt-1 font-semibold text-nhs-red">
          {failure.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="mt-3 rounded bg-nhs-blue px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Starting…" : `Revise: start version ${version + 1}`}
      </button>
    </form>
  );
}
