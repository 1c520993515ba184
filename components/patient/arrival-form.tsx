/**
 * Checking in with the desk's QR code: date of birth (the GOV.UK three boxes) and the first letter of the surname,
 * as GP self check-in screens ask. A plain server-rendered form (works without JavaScript, 320 px wide). It names
 * no one: the answer is the appointment's time, or "go to the desk".
 */
import type { FormFailure } from "@/components/forms/use-action-form";
import { DobBoxes, PatientErrorSummary } from "./patient-forms";

type FormAction = (formData: FormData) => void | Promise<void>;

const DOB_FIELDS = ["day", "month", "year"];

export function ArrivalForm({ action, failure }: { action: FormAction; failure: FormFailure | null }) {
  const errors = failure?.fieldErrors ?? {};
  const dobError = DOB_FIELDS.map((f) => errors[f]).find(Boolean);
  const initialError = errors.initial;
  return (
    <>
      <PatientErrorSummary failure={failure} fieldId={(f) => (DOB_FIELDS.includes(f) ? "dob-day" : f === "initial" ? "arrive-initial" : null)} />
      <h1 className="text-2xl font-bold">Check in for your appointment</h1>
      <p className="mt-2">Answer two questions to tell us you have arrived.</p>
      <form action={action} noValidate className="mt-4">
        <fieldset aria-describedby={`dob-hint${dobError ? " dob-error" : ""}`}>
          <legend className="text-xl font-bold">What is your date of birth?</legend>
          <p id="dob-hint" className="mt-2 text-slate-700">
            For example, 27 3 1958.
          </p>
          {dobError ? (
            <p id="dob-error" className="mt-2 font-semibold text-nhs-red">
              <span className="sr-only">Error: </span>
              {dobError}
            </p>
          ) : null}
          <DobBoxes invalid={Boolean(dobError)} />
        </fieldset>
        <div className="mt-6">
          <label htmlFor="arrive-initial" className="block text-xl font-bold">
            What is the first letter of your surname?
          </label>
          <p id="initial-hint" className="mt-2 text-slate-700">
            For example, S if your surname is Smith.
          </p>
          {initialError ? (
            <p id="initial-error" className="mt-2 font-semibold text-nhs-red">
              <span className="sr-only">Error: </span>
              {initialError}
            </p>
          ) : null}
          <input
            id="arrive-initial"
            name="initial"
            maxLength={1}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={`initial-hint${initialError ? " initial-error" : ""}`}
            aria-invalid={initialError ? true : undefined}
            className={`mt-1 block w-16 rounded border-2 px-2 py-2 ${initialError ? "border-nhs-red" : "border-slate-700"}`}
          />
        </div>
        <button
          type="submit"
          className="mt-6 inline-block rounded bg-nhs-green px-4 py-3 font-semibold text-white underline-offset-2 hover:underline"
        >
          Check in
        </button>
      </form>
    </>
  );
}

export function ArrivedMessage({ time, anotherHref }: { time: string; anotherHref: string }) {
  return (
    <>
      <h1 className="text-2xl font-bold">You are checked in</h1>
      <p className="mt-4 font-semibold" role="status">
        You are checked in for your {time} appointment. Please take a seat.
      </p>
      <a href={anotherHref} className="mt-6 block font-semibold text-nhs-blue underline">
        Check in someone else
      </a>
    </>
  );
}
