"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { checkBeforeSending } from "@/components/error-summary";
import type { ActionResult } from "@/lib/auth/handle";
import { ACTION_KIND_LABELS, ACTION_KINDS, type ActionKind, type CarePlanAction, type RecommendationDecision } from "@/lib/care-plan";
import { carePlanDraftSchemaFor } from "@/lib/validation/care-plan";

type Failure = { message: string; fieldErrors: Record<string, string> };
type Action<T> = (input: unknown) => Promise<ActionResult<T>>;

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

const inputClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;
const ukDate = (iso: string) => new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T12:00:00Z`));

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
  keyWorkers: Array<{ id: string; name: string }>;
  reviewDays: Array<{ id: string; date: string; clinicName: string }>;
  saveAction: Action<{ carePlanId: string; version: number; changed: string[] }>;
  finaliseAction: Action<{ carePlanId: string; version: number; onReviewList: boolean }>;
}) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const errors = failure?.fieldErrors ?? {};

  useEffect(() => {
    if (failure) summaryRef.current?.focus();
  }, [failure]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  function set<K extends keyof CarePlanEditorValues>(name: K, value: CarePlanEditorValues[K]) {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  }
  const setAction = (index: number, change: Partial<CarePlanAction>) => set("actions", values.actions.map((a, i) => (i === index ? { ...a, ...change } : a)));
  const setRecommendation = (index: number, change: Partial<RecommendationDecision>) =>
    set("recommendations", values.recommendations.map((r, i) => (i === index ? { ...r, ...change } : r)));

  function payload() {
    return {
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
  }

  function send(kind: "save" | "finalise") {
    const body = payload();
    const local = checkBeforeSending(carePlanDraftSchemaFor(today), body);
    if (local) {
      setSaved(null);
      setConfirming(false);
      setFailure(local);
      return;
    }
    start(async () => {
      if (kind === "save") {
        const result = await saveAction(body);
        if (result.ok) {
          setFailure(null);
          setValues((prev) => ({ ...prev, carePlanId: result.data.carePlanId, version: result.data.version }));
          setSaved(`Draft saved (version ${result.data.version}). It is not final until you finalise it.`);
          return;
        }
        setSaved(null);
        setFailure({ message: result.message, fieldErrors: result.fieldErrors ?? {} });
        return;
      }
      const result = await finaliseAction(body);
      setConfirming(false);
      if (result.ok) {
        setFailure(null);
        router.refresh();
        return;
      }
      setSaved(null);
      setFailure({ message: result.message, fieldErrors: result.fieldErrors ?? {} });
    });
  }

  const errorId = (name: string) => `cp-${name.replaceAll(".", "-")}-error`;
  const describedBy = (name: string, hint?: string) => [hint, errors[name] ? errorId(name) : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={errorId(name)} className="mt-1 font-semibold text-nhs-red">
        <span className="sr-only">Error: </span>
        {errors[name]}
      </p>
    ) : null;
  const fieldId = (name: string) => `cp-${name.replaceAll(".", "-")}`;
  const listed = Object.entries(errors);
  const chosenDay = reviewDays.find((d) => d.id === values.reviewClinicDayId);

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="space-y-5">
      {failure ? (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="cp-error-title" className="border-4 border-nhs-red bg-white p-4">
          <h3 id="cp-error-title" className="text-lg font-bold">
            There is a problem
          </h3>
          {listed.length === 0 ? <p className="mt-2">{failure.message}</p> : null}
          {listed.length > 0 ? (
            <ul className="mt-2 list-disc pl-6">
              {listed.map(([name, message]) => (
                <li key={name}>
                  <a href={`#${fieldId(name)}`} className="font-semibold text-nhs-red underline">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div>
        <label htmlFor="cp-whatMatters" className="block font-semibold">
          What matters to {patientName}
        </label>
        <p id="cp-whatMatters-hint" className="text-slate-700">
          In their own words: what they want their life to be like.
        </p>
        <textarea id="cp-whatMatters" rows={3} value={values.whatMatters} onChange={(e) => set("whatMatters", e.target.value)} aria-describedby={describedBy("whatMatters", "cp-whatMatters-hint")} aria-invalid={errors.whatMatters ? true : undefined} className={inputClass(!!errors.whatMatters)} />
        {fieldError("whatMatters")}
      </div>

      <div>
        <label htmlFor="cp-goals" className="block font-semibold">
          Goals, in the person’s words
        </label>
        <textarea id="cp-goals" rows={3} value={values.goals} onChange={(e) => set("goals", e.target.value)} aria-describedby={describedBy("goals")} aria-invalid={errors.goals ? true : undefined} className={inputClass(!!errors.goals)} />
        {fieldError("goals")}
      </div>

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Actions: who does what, by when</legend>
        {values.actions.length === 0 ? <p className="text-slate-700">No actions yet.</p> : null}
        <ol className="space-y-4">
          {values.actions.map((action, i) => (
            <li key={i}>
              <fieldset className="rounded border border-slate-300 p-3">
                <legend className="px-1 font-semibold">Action {i + 1}</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  <div>
                    <label htmlFor={fieldId(`actions.${i}.kind`)} className="block font-semibold">
                      Kind
                    </label>
                    <select id={fieldId(`actions.${i}.kind`)} value={action.kind} onChange={(e) => setAction(i, { kind: e.target.value as ActionKind })} className={inputClass(false)}>
                      {ACTION_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {ACTION_KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={fieldId(`actions.${i}.who`)} className="block font-semibold">
                      Who
                    </label>
                    <input id={fieldId(`actions.${i}.who`)} value={action.who} onChange={(e) => setAction(i, { who: e.target.value })} aria-describedby={describedBy(`actions.${i}.who`)} aria-invalid={errors[`actions.${i}.who`] ? true : undefined} className={inputClass(!!errors[`actions.${i}.who`])} />
                    {fieldError(`actions.${i}.who`)}
                  </div>
                  <div className="sm:col-span-2">
                    <label htmlFor={fieldId(`actions.${i}.description`)} className="block font-semibold">
                      What
                    </label>
                    <input id={fieldId(`actions.${i}.description`)} value={action.description} onChange={(e) => setAction(i, { description: e.target.value })} aria-describedby={describedBy(`actions.${i}.description`)} aria-invalid={errors[`actions.${i}.description`] ? true : undefined} className={inputClass(!!errors[`actions.${i}.description`])} />
                    {fieldError(`actions.${i}.description`)}
                  </div>
                  <div>
                    <label htmlFor={fieldId(`actions.${i}.byWhen`)} className="block font-semibold">
                      By when
                    </label>
                    <input id={fieldId(`actions.${i}.byWhen`)} type="date" min={today} value={action.byWhen} onChange={(e) => setAction(i, { byWhen: e.target.value })} aria-describedby={describedBy(`actions.${i}.byWhen`)} aria-invalid={errors[`actions.${i}.byWhen`] ? true : undefined} className={inputClass(!!errors[`actions.${i}.byWhen`])} />
                    {fieldError(`actions.${i}.byWhen`)}
                  </div>
                </div>
                <button type="button" onClick={() => set("actions", values.actions.filter((_, j) => j !== i))} className="mt-3 rounded border-2 border-nhs-red px-3 py-1 font-semibold text-nhs-red">
                  Remove action {i + 1}
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => set("actions", [...values.actions, { kind: "MEDICAL", description: "", who: "", byWhen: "" }])} className="mt-3 rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue">
          Add an action
        </button>
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">The therapist’s recommendations</legend>
        {values.recommendations.length === 0 ? <p className="text-slate-700">Talking Therapies made no recommendations for this patient.</p> : null}
        <ol className="space-y-4">
          {values.recommendations.map((r, i) => (
            <li key={r.recommendation}>
              <fieldset className="rounded border border-slate-300 p-3" aria-describedby={errors[`recommendations.${i}.accepted`] ? errorId(`recommendations.${i}.accepted`) : undefined}>
                <legend className="px-1 font-semibold">{r.recommendation}</legend>
                <div className="flex flex-wrap gap-4" id={fieldId(`recommendations.${i}.accepted`)}>
                  <label className="flex items-center gap-2">
                    <input type="radio" name={`rec-${i}`} checked={r.accepted === true} onChange={() => setRecommendation(i, { accepted: true, reason: "" })} className="h-5 w-5" />
                    Accept into the plan
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="radio" name={`rec-${i}`} checked={r.accepted === false} onChange={() => setRecommendation(i, { accepted: false })} className="h-5 w-5" />
                    Decline
                  </label>
                </div>
                {fieldError(`recommendations.${i}.accepted`)}
                {r.accepted === false ? (
                  <div className="mt-2">
                    <label htmlFor={fieldId(`recommendations.${i}.reason`)} className="block font-semibold">
                      Reason for declining
                    </label>
                    <input id={fieldId(`recommendations.${i}.reason`)} value={r.reason ?? ""} onChange={(e) => setRecommendation(i, { reason: e.target.value })} aria-describedby={describedBy(`recommendations.${i}.reason`)} aria-invalid={errors[`recommendations.${i}.reason`] ? true : undefined} className={inputClass(!!errors[`recommendations.${i}.reason`])} />
                    {fieldError(`recommendations.${i}.reason`)}
                  </div>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Key worker and next review</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="cp-keyWorkerId" className="block font-semibold">
              Key worker
            </label>
            <select id="cp-keyWorkerId" value={values.keyWorkerId} onChange={(e) => set("keyWorkerId", e.target.value)} aria-describedby={describedBy("keyWorkerId")} aria-invalid={errors.keyWorkerId ? true : undefined} className={inputClass(!!errors.keyWorkerId)}>
              <option value="">Choose a health buddy</option>
              {keyWorkers.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
            {fieldError("keyWorkerId")}
          </div>
          <div>
            <label htmlFor="cp-nextReviewDate" className="block font-semibold">
              Next review date
            </label>
            <input id="cp-nextReviewDate" type="date" min={today} value={values.nextReviewDate} onChange={(e) => set("nextReviewDate", e.target.value)} aria-describedby={describedBy("nextReviewDate")} aria-invalid={errors.nextReviewDate ? true : undefined} className={inputClass(!!errors.nextReviewDate)} />
            {fieldError("nextReviewDate")}
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="cp-reviewClinicDayId" className="block font-semibold">
              Book the review into
            </label>
            <p id="cp-reviewClinicDayId-hint" className="text-slate-700">
              A clinic day on or after the review date; or leave it on the review list and reception books it.
            </p>
            <select id="cp-reviewClinicDayId" value={values.reviewClinicDayId} onChange={(e) => set("reviewClinicDayId", e.target.value)} aria-describedby={describedBy("reviewClinicDayId", "cp-reviewClinicDayId-hint")} aria-invalid={errors.reviewClinicDayId ? true : undefined} className={inputClass(!!errors.reviewClinicDayId)}>
              <option value="">No clinic day yet: put on the review list</option>
              {reviewDays.map((d) => (
                <option key={d.id} value={d.id}>
                  {ukDate(d.date)} ({d.clinicName})
                </option>
              ))}
            </select>
            {fieldError("reviewClinicDayId")}
          </div>
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-3">
        <button type="button" disabled={pending} onClick={() => send("save")} className="rounded border-2 border-nhs-blue bg-white px-5 py-2 font-semibold text-nhs-blue disabled:opacity-60">
          {pending && !confirming ? "Saving…" : "Save draft"}
        </button>
        <button type="button" disabled={pending} onClick={() => { setConfirming(true); setSaved(null); }} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
          Finalise care plan
        </button>
      </div>

      {confirming ? (
        <div role="alertdialog" aria-labelledby="cp-confirm-title" aria-describedby="cp-confirm-text" className="rounded border-4 border-nhs-blue bg-blue-50 p-4">
          <h3 id="cp-confirm-title" className="text-lg font-bold">
            Finalise {patientName}’s care plan?
          </h3>
          <p id="cp-confirm-text" className="mt-1">
            It will be locked: later changes make a new version with a reason.{" "}
            {values.keyWorkerId ? `${keyWorkers.find((k) => k.id === values.keyWorkerId)?.name ?? "The key worker"} keeps in touch` : "The key worker keeps in touch"} until the review
            {values.nextReviewDate ? ` on ${ukDate(values.nextReviewDate)}` : ""}
            {chosenDay ? `, booked into the clinic day of ${ukDate(chosenDay.date)}` : ", which goes on the review list for reception to book"}.
          </p>
          <div className="mt-3 flex flex-wrap gap-3">
            <button ref={confirmRef} type="button" disabled={pending} onClick={() => send("finalise")} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
              {pending ? "Finalising…" : "Yes, finalise"}
            </button>
            <button type="button" disabled={pending} onClick={() => setConfirming(false)} className="rounded border-2 border-slate-700 bg-white px-5 py-2 font-semibold">
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {saved ? (
        <p ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4 font-semibold">
          {saved}
        </p>
      ) : null}
    </form>
  );
}

/** Starts a new version of a final plan; the reason is kept with the version. */
export function ReviseCarePlanForm({ carePlanId, version, action }: { carePlanId: string; version: number; action: Action<{ carePlanId: string; version: number }> }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const result = await action({ carePlanId, changeReason: reason });
          if (result.ok) router.refresh();
          else setFailure(result.message);
        });
      }}
      className="mt-3 max-w-2xl rounded border border-slate-300 bg-white p-4"
    >
      <label htmlFor="revise-reason" className="block font-semibold">
        Reason for changing the plan
      </label>
      <textarea id="revise-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={failure ? "revise-error" : undefined} aria-invalid={failure ? true : undefined} className={inputClass(!!failure)} />
      {failure ? (
        <p id="revise-error" role="alert" className="mt-1 font-semibold text-nhs-red">
          {failure}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="mt-3 rounded bg-nhs-blue px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Starting…" : `Revise: start version ${version + 1}`}
      </button>
    </form>
  );
}
