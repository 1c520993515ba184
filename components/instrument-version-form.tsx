"use client";

import { useActionState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import type { ActionResult } from "@/lib/auth/handle";

type State = (ActionResult<{ id: string; code: string; version: number }> & { values: Record<string, string> }) | null;

const ORDER = ["code", "version", "name", "mapsTo", "validatedForOutcomes", "source", "stem", "items", "options", "bands", "maxTotal", "caseness"];

/**
 * A clinic lead adds a questionnaire version: items one per line ("[risk]" at
 * the end marks a risk item), answer options as "0 = Not at all", bands as
 * "0-4 = Minimal". The server checks it (instrumentVersionSchema) and names
 * each problem; a plain form post, so it works without JavaScript.
 */
export function InstrumentVersionForm({ action }: { action: (previous: State, form: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  // A message about one item or band (items.3.text) belongs to its text box.
  const errors = Object.fromEntries(
    Object.entries(failure?.fieldErrors ?? {})
      .map(([k, m]): [string, string] => [k.split(".")[0], m])
      .reverse(),
  );
  const field = fieldErrors(errors, (name) => `instrument-${name}`);
  const v = (name: string, fallback = "") => state?.values[name] ?? fallback;
  const text = (name: string, label: string, hint?: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={field.id(name)} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${field.id(name)}-hint`} className="text-slate-700">
          {hint}
        </p>
      ) : null}
      {field.error(name)}
      <input
        id={field.id(name)}
        name={name}
        defaultValue={v(name)}
        {...props}
        {...field.aria(name, hint && `${field.id(name)}-hint`)}
        className={inputClass(field.invalid(name))}
      />
    </div>
  );
  const area = (name: string, label: string, hint: string, rows: number) => (
    <div>
      <label htmlFor={field.id(name)} className="block font-semibold">
        {label}
      </label>
      <p id={`${field.id(name)}-hint`} className="text-slate-700">
        {hint}
      </p>
      {field.error(name)}
      <textarea
        id={field.id(name)}
        name={name}
        rows={rows}
        defaultValue={v(name)}
        {...field.aria(name, `${field.id(name)}-hint`)}
        className={inputClass(field.invalid(name))}
      />
    </div>
  );

  return (
    <form action={formAction} noValidate className="mt-4 max-w-2xl space-y-4">
      <ErrorSummary failure={failure ? { ...failure, fieldErrors: errors } : null} heading="h3" fieldId={(name) => field.id(name)} order={ORDER} />
      {state?.ok ? (
        <p role="status" className="border-l-4 border-nhs-green bg-green-50 p-3 font-semibold text-nhs-green">
          Added {state.data.code} version {state.data.version}.
        </p>
      ) : null}
      {text("code", "Code", "Letters, digits, - or _, for example PHQ9-LD", { autoComplete: "off" })}
      {text("version", "Version number", "1 for a new instrument; a change to one already used is a new version", { inputMode: "numeric" })}
      {text("name", "Name", "For example PHQ-9 adapted for people with a learning disability")}
      <div>
        <label htmlFor={field.id("mapsTo")} className="block font-semibold">
          Reported as
        </label>
        {field.error("mapsTo")}
        <select
          id={field.id("mapsTo")}
          name="mapsTo"
          defaultValue={v("mapsTo")}
          {...field.aria("mapsTo")}
          className={`${inputClass(field.invalid("mapsTo"))} bg-white`}
        >
          <option value="">Not a standard measure (a local screen)</option>
          <option value="PHQ9">PHQ-9</option>
          <option value="GAD7">GAD-7</option>
          <option value="PHQ4">PHQ-4</option>
        </select>
      </div>
      <div>
        {field.error("validatedForOutcomes")}
        <label htmlFor={field.id("validatedForOutcomes")} className="flex items-center gap-2 font-semibold">
          <input
            id={field.id("validatedForOutcomes")}
            type="checkbox"
            name="validatedForOutcomes"
            defaultChecked={v("validatedForOutcomes") === "on"}
            {...field.aria("validatedForOutcomes")}
            className="h-5 w-5"
          />
          Validated for outcome reporting (its totals count in recovery)
        </label>
      </div>
      {text("source", "Source of the wording", "The publication, or the service that holds the adapted wording")}
      {text("stem", "Question stem", "For example: Over the last 2 weeks, how often have you been bothered by any of the following problems?")}
      {area("items", "Items", "One per line, in order. End a line with [risk] for a risk item: any answer above 0 needs a risk response.", 9)}
      {area("options", "Answer options", "One per line, lowest first, as the value, = and the label: for example 0 = Not at all", 4)}
      {area("bands", "Bands", "One per line, as the totals from and to, = and the label: for example 0-4 = Minimal", 5)}
      {text("maxTotal", "Highest total", "The number of items × the highest answer value", { inputMode: "numeric" })}
      {text("caseness", "Caseness threshold (optional)", "At caseness at or above this total", { inputMode: "numeric" })}
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Add version"}
      </button>
    </form>
  );
}
