"use client";

import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { WRAP_AROUND_FIELDS, WRAP_AROUND_LABELS, type WrapAroundField } from "@/lib/wrap-around/labels";
import { BMI_CATEGORY_LABELS, bmi, bmiCategory, type WrapAroundCheckKind } from "@/lib/wrap-around";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadWrapAroundCheckSchema: SchemaLoader = () => import("@/lib/validation/wrap-around").then((m) => m.wrapAroundCheckSchema);

export type WrapAroundFormValues = {
  systolic: string;
  diastolic: string;
  pulse: string;
  weightKg: string;
  heightCm: string;
  bloodsTaken: boolean;
  footCheck: string;
  spirometry: string;
  inhalerCheck: string;
  otherTests: string;
  notes: string;
};

export const EMPTY_WRAP_AROUND: WrapAroundFormValues = {
  systolic: "",
  diastolic: "",
  pulse: "",
  weightKg: "",
  heightCm: "",
  bloodsTaken: false,
  footCheck: "",
  spirometry: "",
  inhalerCheck: "",
  otherTests: "",
  notes: "",
};

type TextField = Exclude<WrapAroundField, "bloodsTaken">;

const inputClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 text-lg ${invalid ? "border-nhs-red" : "border-slate-700"}`;

/**
 * The morning's wrap-around checks, sized for a tablet: measurements in text
 * boxes with numeric keypads (not number inputs, whose scroll wheel and
 * spinners change readings by accident), BMI worked out as weight and height
 * are typed, and the server's message beside each field. The same schema is
 * checked here first and again on the server.
 */
export function WrapAroundForm({
  appointmentId,
  initial,
  suggested,
  action,
}: {
  appointmentId: string;
  initial: WrapAroundFormValues;
  suggested: WrapAroundCheckKind[];
  action: (input: unknown) => Promise<ActionResult<{ updated: boolean; changed: string[] }>>;
}) {
  const [values, setValues] = useState(initial);
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const field = fieldErrors(errors, (name) => `wa-${name}`);

  const weight = values.weightKg.trim() === "" ? null : Number(values.weightKg);
  const height = values.heightCm.trim() === "" ? null : Number(values.heightCm);
  const bmiValue = bmi(weight, height);

  function set<K extends keyof WrapAroundFormValues>(name: K, value: WrapAroundFormValues[K]) {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { appointmentId, ...values };
    if (!(await check(loadWrapAroundCheckSchema, payload))) return;
    run(
      () => action(payload),
      (data) => setSaved(data.updated ? "Wrap-around checks updated." : "Wrap-around checks saved."),
    );
  }
  const isSuggested = (kind: WrapAroundCheckKind) => suggested.includes(kind);
  const suggestedTag = (kind: WrapAroundCheckKind) =>
    isSuggested(kind) ? <span className="ml-2 rounded bg-nhs-warm-yellow px-2 py-0.5 text-sm font-semibold text-slate-900">Suggested</span> : null;

  const measurement = (name: TextField, inputMode: "numeric" | "decimal", width = "max-w-40") => (
    <div>
      <label htmlFor={`wa-${name}`} className="block font-semibold">
        {WRAP_AROUND_LABELS[name]}
      </label>
      {field.error(name)}
      <input
        id={`wa-${name}`}
        name={name}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        value={values[name]}
        onChange={(e) => set(name, e.target.value)}
        {...field.aria(name)}
        className={`${inputClass(field.invalid(name))} ${width}`}
      />
    </div>
  );

  const text = (name: TextField, kind?: WrapAroundCheckKind, rows = 2) => (
    <div>
      <label htmlFor={`wa-${name}`} className="block font-semibold">
        {WRAP_AROUND_LABELS[name]}
        {kind ? suggestedTag(kind) : null}
      </label>
      {field.error(name)}
      <textarea
        id={`wa-${name}`}
        name={name}
        rows={rows}
        value={values[name]}
        onChange={(e) => set(name, e.target.value)}
        {...field.aria(name)}
        className={inputClass(field.invalid(name))}
      />
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <ErrorSummary
        failure={failure}
        heading="h3"
        fieldId={(name) => ((WRAP_AROUND_FIELDS as readonly string[]).includes(name) ? `wa-${name}` : null)}
        order={WRAP_AROUND_FIELDS}
      />

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">Blood pressure and pulse{suggestedTag("bloodPressure")}</legend>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          {measurement("systolic", "numeric")}
          {measurement("diastolic", "numeric")}
          {measurement("pulse", "numeric")}
        </div>
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">Weight and height{suggestedTag("weightHeight")}</legend>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          {measurement("weightKg", "decimal")}
          {measurement("heightCm", "decimal")}
          <div aria-live="polite">
            <p className="font-semibold">BMI</p>
            <p className="mt-2 text-lg" data-testid="bmi">
              {bmiValue !== null ? (
                <>
                  <strong>{bmiValue.toFixed(1)}</strong> kg/m² ({BMI_CATEGORY_LABELS[bmiCategory(bmiValue)]})
                </>
              ) : (
                <span className="text-slate-700">Enter weight and height</span>
              )}
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">Tests</legend>
        <div className="mt-2 space-y-4">
          <div>
            {field.error("bloodsTaken")}
            <label htmlFor="wa-bloodsTaken" className="flex cursor-pointer items-center gap-3 font-semibold">
              <input
                id="wa-bloodsTaken"
                name="bloodsTaken"
                type="checkbox"
                checked={values.bloodsTaken}
                onChange={(e) => set("bloodsTaken", e.target.checked)}
                className="h-6 w-6"
              />
              {WRAP_AROUND_LABELS.bloodsTaken}
              {suggestedTag("bloods")}
            </label>
          </div>
          {text("footCheck", "footCheck")}
          {text("spirometry", "spirometry")}
          {text("inhalerCheck", "inhalerCheck")}
          {text("otherTests")}
          {text("notes", undefined, 3)}
        </div>
      </fieldset>

      <button type="submit" disabled={pending} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save wrap-around checks"}
      </button>

      {saved ? (
        <p ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4 font-semibold">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
