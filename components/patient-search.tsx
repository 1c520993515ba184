"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import type { PatientSearchResult } from "@/lib/services/patients/search-patients";
import { PatientTable } from "./patient-table";

const KIND_LABELS: Record<PatientSearchResult["kind"], string> = {
  "nhs-number": "NHS number",
  "date-of-birth": "date of birth",
  name: "name",
};

/**
 * One search box for name, NHS number or date of birth. Sent as a POST to a
 * server action, never as ?q=, so identifiers stay out of URLs and browser history.
 */
export function PatientSearch({ action }: { action: (form: FormData) => Promise<ActionResult<PatientSearchResult>> }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<PatientSearchResult> | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start(async () => {
      const answer = await action(form);
      setResult(answer);
    });
  }

  const error = result && !result.ok ? (result.fieldErrors?.q ?? result.message) : null;
  useEffect(() => {
    if (result && !result.ok) errorRef.current?.focus();
  }, [result]);
  return (
    <>
      <form method="post" onSubmit={onSubmit} className="mt-4 max-w-2xl" role="search" aria-label="Find a patient">
        <label htmlFor="q" className="block font-semibold">
          Name, NHS number or date of birth
        </label>
        <p id="q-hint" className="text-slate-700">
          For example Amira Ahmed, 943 476 5919, or 14/03/1956
        </p>
        {error ? (
          <p id="q-error" ref={errorRef} tabIndex={-1} role="alert" className="mt-1 font-semibold text-nhs-red">
            {error}
          </p>
        ) : null}
        <div className="mt-1 flex gap-2">
          <input
            id="q"
            name="q"
            type="search"
            autoComplete="off"
            required
            maxLength={100}
            aria-describedby={error ? "q-hint q-error" : "q-hint"}
            aria-invalid={error ? true : undefined}
            className={`w-full rounded border-2 px-3 py-2 ${error ? "border-nhs-red" : "border-slate-700"}`}
          />
          <button
            type="submit"
            disabled={pending}
            className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
          >
            {pending ? "Searching…" : "Search"}
          </button>
        </div>
      </form>
      <section aria-live="polite" aria-label="Search results" className="mt-6">
        {result?.ok ? (
          <>
            <h2 className="text-xl font-bold">
              {result.data.patients.length === 0
                ? `No patients found by ${KIND_LABELS[result.data.kind]}`
                : `${result.data.patients.length}${result.data.more ? "+" : ""} ${result.data.patients.length === 1 ? "patient" : "patients"} found by ${KIND_LABELS[result.data.kind]}`}
            </h2>
            {result.data.more ? (
              <p className="mt-1">Only the first {result.data.patients.length} are shown. Add more of the name, or search by NHS number.</p>
            ) : null}
            {result.data.patients.length > 0 ? <PatientTable patients={result.data.patients} caption="Patients found" /> : null}
          </>
        ) : null}
      </section>
    </>
  );
}
