"use client";

import { useActionState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass, RadioOptions } from "@/components/forms/field";
import type { ActionResult } from "@/lib/auth/handle";
import { COMPLETED_BY_LABELS } from "@/lib/outcomes/labels";

export type SessionInstrument = {
  id: string;
  label: string;
  stem: string;
  items: Array<{ text: string; risk: boolean }>;
  options: Array<{ label: string; value: number }>;
};

type State = (ActionResult<{ id: string }> & { values: Record<string, string> }) | null;

const KIND_LABELS = { ASSESSMENT: "Assessment", TREATMENT: "Treatment session" } as const;
const ATTENDANCE_LABELS = { ATTENDED: "Attended", DID_NOT_ATTEND: "Did not attend", CANCELLED: "Cancelled" } as const;
const COMPLETED_BY = Object.keys(COMPLETED_BY_LABELS) as Array<keyof typeof COMPLETED_BY_LABELS>;
const MEASURES = [
  ["phq9", "PHQ-9"],
  ["gad7", "GAD-7"],
] as const;

/** A field's control to link to from the error summary. */
function fieldId(name: string, instruments: Record<"phq9" | "gad7", SessionInstrument>): string | null {
  const answer = /^(phq9|gad7)\.answer\.(\d+)$/.exec(name);
  if (answer) return `${answer[1]}-item-${answer[2]}-${instruments[answer[1] as "phq9" | "gad7"].options[0].value}`;
  if (name === "kind") return "session-kind-ASSESSMENT";
  if (name === "attendance") return "session-attendance-ATTENDED";
  if (/^(phq9|gad7)\.completedBy$/.test(name)) return `${name.split(".")[0]}-completedBy-PATIENT`;
  if (name === "phq9" || name === "gad7") return `${name}-item-1-${instruments[name].options[0].value}`;
  return name.replace(".", "-");
}

/**
 * "Record a session": the contact (date, kind, attendance, practitioner) and,
 * when the patient attended, each measure's answers on the version chosen
 * above the form, who completed it, any reasonable adjustment and, for a risk
 * item answered above 0, what was done about it. A plain form post: it works
 * without JavaScript, and what was typed comes back with any error.
 */
export function TherapySessionForm({
  referralId,
  today,
  actorId,
  practitioners,
  instruments,
  action,
}: {
  referralId: string;
  today: string;
  actorId: string;
  practitioners: Array<{ id: string; name: string }>;
  instruments: Record<"phq9" | "gad7", SessionInstrument>;
  action: (previous: State, form: FormData) => Promise<State>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.fieldErrors ?? {};
  const v = (name: string, fallback = "") => state?.values[name] ?? fallback;
  const field = fieldErrors(errors, (name) => name.replace(".", "-"));
  const order = ["date", "kind", "attendance", "practitionerId", "phq9", "gad7"];

  return (
    <form action={formAction} noValidate className="mt-4 max-w-3xl space-y-5">
      <ErrorSummary failure={failure} heading="h3" fieldId={(name) => fieldId(name, instruments)} order={order} />
      {state?.ok ? (
        <p role="status" className="border-l-4 border-nhs-green bg-green-50 p-3 font-semibold text-nhs-green">
          Session recorded.
        </p>
      ) : null}
      <input type="hidden" name="referralId" value={referralId} />

      <div>
        <label htmlFor="date" className="block font-semibold">
          Date of the session
        </label>
        {field.error("date")}
        <input
          id="date"
          name="date"
          type="date"
          max={today}
          defaultValue={v("date", today)}
          {...field.aria("date")}
          className={`${inputClass(field.invalid("date"))} max-w-xs`}
        />
      </div>

      <fieldset>
        <legend className="font-semibold">Kind of session</legend>
        {field.error("kind")}
        <div className="mt-1 flex flex-wrap gap-4">
          <RadioOptions
            options={["ASSESSMENT", "TREATMENT"] as const}
            labels={KIND_LABELS}
            name="kind"
            idOf={(o) => `session-kind-${o}`}
            defaultValue={v("kind", "TREATMENT")}
            describedBy={field.describedBy("kind")}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend className="font-semibold">Did the patient attend?</legend>
        <p id="attendance-hint" className="text-slate-700">
          Record the PHQ-9 and GAD-7 below only when the patient attended.
        </p>
        {field.error("attendance")}
        <div className="mt-1 flex flex-wrap gap-4">
          <RadioOptions
            options={["ATTENDED", "DID_NOT_ATTEND", "CANCELLED"] as const}
            labels={ATTENDANCE_LABELS}
            name="attendance"
            idOf={(o) => `session-attendance-${o}`}
            defaultValue={v("attendance")}
            describedBy={field.describedBy("attendance", "attendance-hint")}
          />
        </div>
      </fieldset>

      <div>
        <label htmlFor="practitionerId" className="block font-semibold">
          Practitioner
        </label>
        {field.error("practitionerId")}
        <select
          id="practitionerId"
          name="practitionerId"
          defaultValue={v("practitionerId", actorId)}
          {...field.aria("practitionerId")}
          className={`${inputClass(field.invalid("practitionerId"))} max-w-sm bg-white`}
        >
          {practitioners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>

      {MEASURES.map(([m, label]) => {
        const instrument = instruments[m];
        const riskItems = instrument.items.flatMap((item, i) => (item.risk ? [i + 1] : []));
        const optionValues = instrument.options.map((o) => String(o.value));
        const optionLabels = Object.fromEntries(instrument.options.map((o) => [String(o.value), `${o.label} (${o.value})`]));
        return (
          <fieldset key={m} className="rounded border-2 border-slate-300 p-4">
            <legend className="px-1 text-xl font-bold">{label}</legend>
            <p className="text-slate-700">
              Version: {instrument.label}. {instrument.stem}
            </p>
            {field.error(m)}
            <input type="hidden" name={`${m}.instrumentVersionId`} value={instrument.id} />
            <input type="hidden" name={`${m}.items`} value={instrument.items.length} />
            <ol className="mt-3 space-y-3">
              {instrument.items.map((item, i) => {
                const name = `${m}.answer.${i + 1}`;
                return (
                  <li key={name}>
                    <fieldset>
                      <legend className="font-semibold">
                        {i + 1}. {item.text}
                        <span className="sr-only"> ({label})</span>
                      </legend>
                      {field.error(name)}
                      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                        <RadioOptions
                          options={optionValues}
                          labels={optionLabels}
                          name={name}
                          idOf={(o) => `${m}-item-${i + 1}-${o}`}
                          defaultValue={v(name)}
                          describedBy={field.describedBy(name)}
                        />
                      </div>
                    </fieldset>
                  </li>
                );
              })}
            </ol>

            <fieldset className="mt-4">
              <legend className="font-semibold">Who completed the {label}?</legend>
              {field.error(`${m}.completedBy`)}
              <div className="mt-1 space-y-1">
                <RadioOptions
                  options={COMPLETED_BY}
                  labels={COMPLETED_BY_LABELS}
                  name={`${m}.completedBy`}
                  idOf={(o) => `${m}-completedBy-${o}`}
                  defaultValue={v(`${m}.completedBy`, "PATIENT")}
                  describedBy={field.describedBy(`${m}.completedBy`)}
                />
              </div>
            </fieldset>

            <div className="mt-4">
              <label htmlFor={`${m}-adjustment`} className="block font-semibold">
                Reasonable adjustment (optional)
              </label>
              <p id={`${m}-adjustment-hint`} className="text-slate-700">
                For example easy-read version, large print, an interpreter, or more time.
              </p>
              {field.error(`${m}.adjustment`)}
              <input
                id={`${m}-adjustment`}
                name={`${m}.adjustment`}
                defaultValue={v(`${m}.adjustment`)}
                maxLength={500}
                {...field.aria(`${m}.adjustment`, `${m}-adjustment-hint`)}
                className={inputClass(field.invalid(`${m}.adjustment`))}
              />
            </div>

            {riskItems.length > 0 ? (
              <div className="mt-4">
                <label htmlFor={`${m}-riskResponse`} className="block font-semibold">
                  What you did about the risk
                </label>
                <p id={`${m}-riskResponse-hint`} className="text-slate-700">
                  If item {riskItems.join(" or ")} is answered above 0 (&ldquo;{instrument.options[0].label}&rdquo;), record here what you did about
                  the risk: for example the risk assessed with the patient, a safety plan agreed, the GP or crisis team told. Leave it empty
                  otherwise.
                </p>
                {field.error(`${m}.riskResponse`)}
                <textarea
                  id={`${m}-riskResponse`}
                  name={`${m}.riskResponse`}
                  rows={3}
                  maxLength={2000}
                  defaultValue={v(`${m}.riskResponse`)}
                  {...field.aria(`${m}.riskResponse`, `${m}-riskResponse-hint`)}
                  className={inputClass(field.invalid(`${m}.riskResponse`))}
                />
              </div>
            ) : null}
          </fieldset>
        );
      })}

      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Record session"}
      </button>
    </form>
  );
}
