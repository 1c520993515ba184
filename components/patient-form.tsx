"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import { useActionForm } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { LONG_TERM_CONDITIONS, SEX_OPTIONS } from "@/lib/patients/reference-data";

export type PatientFormValues = {
  id?: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string;
  phone: string;
  email: string;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  accessibilityNeeds: string;
  longTermConditions: string[];
  consentToTextReminders: boolean;
  consentToEmailReminders: boolean;
  practiceId: string;
};

export const EMPTY_PATIENT: PatientFormValues = {
  nhsNumber: "",
  givenName: "",
  familyName: "",
  dateOfBirth: "",
  sex: "",
  phone: "",
  email: "",
  preferredLanguage: "English",
  interpreterNeeded: false,
  accessibilityNeeds: "",
  longTermConditions: [],
  consentToTextReminders: false,
  consentToEmailReminders: false,
  practiceId: "",
};

/** Field → where the error summary's link should take the keyboard. */
const FIELD_ORDER: Array<[string, string, string]> = [
  ["nhsNumber", "nhsNumber", "NHS number"],
  ["givenName", "givenName", "Given name"],
  ["familyName", "familyName", "Family name"],
  ["dateOfBirth", "dateOfBirth", "Date of birth"],
  ["sex", `sex-${SEX_OPTIONS[0][0]}`, "Sex"],
  ["practiceId", "practiceId", "Registered practice"],
  ["phone", "phone", "Phone"],
  ["email", "email", "Email"],
  ["preferredLanguage", "preferredLanguage", "Preferred language"],
  ["interpreterNeeded", "interpreterNeeded", "Interpreter"],
  ["accessibilityNeeds", "accessibilityNeeds", "Accessibility needs"],
  ["longTermConditions", `condition-${LONG_TERM_CONDITIONS[0][0]}`, "Long-term conditions"],
  ["consentToTextReminders", "consentToTextReminders", "Text message reminders"],
  ["consentToEmailReminders", "consentToEmailReminders", "Email reminders"],
];

const ANCHORS = new Map(FIELD_ORDER.map(([name, target]) => [name, target]));

export function PatientForm({
  action,
  practices,
  initial,
  submitLabel,
  cancelHref,
}: {
  action: (form: FormData) => Promise<ActionResult<{ id: string }>>;
  practices: Array<{ id: string; name: string; odsCode: string }>;
  initial: PatientFormValues;
  submitLabel: string;
  cancelHref: string;
}) {
  const router = useRouter();
  const { pending, failure, errors, run } = useActionForm();
  const { error: fieldError, describedBy, invalid } = fieldErrors(errors, (name) => name);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () => action(form),
      (data) => router.push(`/patients/${data.id}`),
    );
  }
  const existingHref = typeof failure?.details?.href === "string" ? failure.details.href : null;

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl space-y-5">
      <ErrorSummary failure={failure} heading="h2" fieldId={(name) => ANCHORS.get(name) ?? null} order={[...ANCHORS.keys()]}>
        {existingHref ? (
          <p className="mt-2">
            <Link href={existingHref} className="font-semibold text-nhs-blue underline">
              Open the patient already registered with this NHS number
            </Link>
          </p>
        ) : null}
      </ErrorSummary>

      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}

      <div>
        <label htmlFor="nhsNumber" className="block font-semibold">
          NHS number
        </label>
        <p id="nhsNumber-hint" className="text-slate-700">
          10 digits, for example 943 476 5919
        </p>
        {fieldError("nhsNumber")}
        <input
          id="nhsNumber"
          name="nhsNumber"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={initial.nhsNumber}
          aria-describedby={describedBy("nhsNumber", "nhsNumber-hint")}
          aria-invalid={invalid("nhsNumber") || undefined}
          className={`${inputClass(invalid("nhsNumber"))} max-w-xs`}
        />
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <label htmlFor="givenName" className="block font-semibold">
            Given name
          </label>
          {fieldError("givenName")}
          <input
            id="givenName"
            name="givenName"
            autoComplete="off"
            defaultValue={initial.givenName}
            aria-describedby={describedBy("givenName")}
            aria-invalid={invalid("givenName") || undefined}
            className={inputClass(invalid("givenName"))}
          />
        </div>
        <div>
          <label htmlFor="familyName" className="block font-semibold">
            Family name
          </label>
          {fieldError("familyName")}
          <input
            id="familyName"
            name="familyName"
            autoComplete="off"
            defaultValue={initial.familyName}
            aria-describedby={describedBy("familyName")}
            aria-invalid={invalid("familyName") || undefined}
            className={inputClass(invalid("familyName"))}
          />
        </div>
      </div>

      <div>
        <label htmlFor="dateOfBirth" className="block font-semibold">
          Date of birth
        </label>
        {fieldError("dateOfBirth")}
        <input
          id="dateOfBirth"
          name="dateOfBirth"
          type="date"
          defaultValue={initial.dateOfBirth}
          aria-describedby={describedBy("dateOfBirth")}
          aria-invalid={invalid("dateOfBirth") || undefined}
          className={`${inputClass(invalid("dateOfBirth"))} max-w-xs`}
        />
      </div>

      <fieldset aria-describedby={describedBy("sex")}>
        <legend className="font-semibold">Sex</legend>
        {fieldError("sex")}
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2">
          {SEX_OPTIONS.map(([value, label]) => (
            <div key={value} className="flex items-center gap-2">
              <input id={`sex-${value}`} type="radio" name="sex" value={value} defaultChecked={initial.sex === value} className="h-5 w-5" />
              <label htmlFor={`sex-${value}`}>{label}</label>
            </div>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor="practiceId" className="block font-semibold">
          Registered practice
        </label>
        {fieldError("practiceId")}
        <select
          id="practiceId"
          name="practiceId"
          defaultValue={initial.practiceId}
          aria-describedby={describedBy("practiceId")}
          aria-invalid={invalid("practiceId") || undefined}
          className={inputClass(invalid("practiceId"))}
        >
          <option value="">Choose a practice</option>
          {practices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.odsCode})
            </option>
          ))}
        </select>
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <label htmlFor="phone" className="block font-semibold">
            Phone (optional)
          </label>
          <p id="phone-hint" className="text-slate-700">
            A UK mobile or landline
          </p>
          {fieldError("phone")}
          <input
            id="phone"
            name="phone"
            type="tel"
            autoComplete="off"
            defaultValue={initial.phone}
            aria-describedby={describedBy("phone", "phone-hint")}
            aria-invalid={invalid("phone") || undefined}
            className={inputClass(invalid("phone"))}
          />
        </div>
        <div>
          <label htmlFor="email" className="block font-semibold">
            Email (optional)
          </label>
          <p id="email-hint" className="text-slate-700">
            For example name@example.com
          </p>
          {fieldError("email")}
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={initial.email}
            aria-describedby={describedBy("email", "email-hint")}
            aria-invalid={invalid("email") || undefined}
            className={inputClass(invalid("email"))}
          />
        </div>
      </div>

      <div>
        <label htmlFor="preferredLanguage" className="block font-semibold">
          Preferred language
        </label>
        {fieldError("preferredLanguage")}
        <input
          id="preferredLanguage"
          name="preferredLanguage"
          autoComplete="off"
          defaultValue={initial.preferredLanguage}
          aria-describedby={describedBy("preferredLanguage")}
          aria-invalid={invalid("preferredLanguage") || undefined}
          className={`${inputClass(invalid("preferredLanguage"))} max-w-xs`}
        />
      </div>

      <div className="flex items-center gap-2">
        <input id="interpreterNeeded" name="interpreterNeeded" type="checkbox" defaultChecked={initial.interpreterNeeded} className="h-5 w-5" />
        <label htmlFor="interpreterNeeded">Needs an interpreter</label>
      </div>

      <div>
        <label htmlFor="accessibilityNeeds" className="block font-semibold">
          Accessibility needs (optional)
        </label>
        <p id="accessibilityNeeds-hint" className="text-slate-700">
          For example step-free access, large print, British Sign Language
        </p>
        {fieldError("accessibilityNeeds")}
        <textarea
          id="accessibilityNeeds"
          name="accessibilityNeeds"
          rows={3}
          maxLength={500}
          defaultValue={initial.accessibilityNeeds}
          aria-describedby={describedBy("accessibilityNeeds", "accessibilityNeeds-hint")}
          aria-invalid={invalid("accessibilityNeeds") || undefined}
          className={inputClass(invalid("accessibilityNeeds"))}
        />
      </div>

      <fieldset aria-describedby={describedBy("longTermConditions")}>
        <legend className="font-semibold">Long-term conditions</legend>
        {fieldError("longTermConditions")}
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {LONG_TERM_CONDITIONS.map(([code, label]) => (
            <div key={code} className="flex items-center gap-2">
              <input
                id={`condition-${code}`}
                type="checkbox"
                name="longTermConditions"
                value={code}
                defaultChecked={initial.longTermConditions.includes(code)}
                className="h-5 w-5"
              />
              <label htmlFor={`condition-${code}`}>{label}</label>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset aria-describedby="reminders-hint">
        <legend className="font-semibold">Appointment reminders</legend>
        <p id="reminders-hint" className="text-slate-700">
          Ask about each separately: a reminder goes only by the ways the patient agrees to.
        </p>
        <div className="mt-2 space-y-3">
          <div className="flex items-start gap-2">
            <input
              id="consentToTextReminders"
              name="consentToTextReminders"
              type="checkbox"
              defaultChecked={initial.consentToTextReminders}
              aria-describedby={describedBy("consentToTextReminders", "consentToTextReminders-hint")}
              className="mt-0.5 h-5 w-5"
            />
            <div>
              <label htmlFor="consentToTextReminders">Agrees to text message reminders</label>
              <p id="consentToTextReminders-hint" className="text-slate-700">
                Sent only when a phone number is recorded above
              </p>
              {fieldError("consentToTextReminders")}
            </div>
          </div>
          <div className="flex items-start gap-2">
            <input
              id="consentToEmailReminders"
              name="consentToEmailReminders"
              type="checkbox"
              defaultChecked={initial.consentToEmailReminders}
              aria-describedby={describedBy("consentToEmailReminders", "consentToEmailReminders-hint")}
              className="mt-0.5 h-5 w-5"
            />
            <div>
              <label htmlFor="consentToEmailReminders">Agrees to email reminders</label>
              <p id="consentToEmailReminders-hint" className="text-slate-700">
                Sent only when an email address is recorded above
              </p>
              {fieldError("consentToEmailReminders")}
            </div>
          </div>
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-4">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : submitLabel}
        </button>
        <Link href={cancelHref} className="text-nhs-blue underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
