"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
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

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

const inputClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;

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
  const [pending, start] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = failure?.fieldErrors ?? {};

  // After the summary has rendered, so screen readers and keyboards start at it.
  useEffect(() => {
    if (failure) summaryRef.current?.focus();
  }, [failure]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start(async () => {
      const result = await action(form);
      if (result.ok) {
        router.push(`/patients/${result.data.id}`);
        return;
      }
      setFailure(result);
    });
  }

  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="mt-1 font-semibold text-nhs-red">
        <span className="sr-only">Error: </span>
        {errors[name]}
      </p>
    ) : null;
  const listed = FIELD_ORDER.filter(([name]) => errors[name]);
  const existingHref = typeof failure?.details?.href === "string" ? failure.details.href : null;

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl space-y-5">
      {failure ? (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="border-4 border-nhs-red bg-white p-4">
          <h2 id="error-summary-title" className="text-xl font-bold">
            There is a problem
          </h2>
          {failure.code !== "VALIDATION" || listed.length === 0 ? <p className="mt-2">{failure.message}</p> : null}
          {existingHref ? (
            <p className="mt-2">
              <Link href={existingHref} className="font-semibold text-nhs-blue underline">
                Open the patient already registered with this NHS number
              </Link>
            </p>
          ) : null}
          {listed.length > 0 ? (
            <ul className="mt-2 list-disc pl-6">
              {listed.map(([name, target]) => (
                <li key={name}>
                  <a href={`#${target}`} className="font-semibold text-nhs-red underline">
                    {errors[name]}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}

      <div>
        <label htmlFor="nhsNumber" className="block font-semibold">
          NHS number
        </label>
        <p id="nhsNumber-hint" className="text-slate-700">10 digits, for example 943 476 5919</p>
        {fieldError("nhsNumber")}
        <input id="nhsNumber" name="nhsNumber" inputMode="numeric" autoComplete="off" defaultValue={initial.nhsNumber} aria-describedby={describedBy("nhsNumber", true)} aria-invalid={errors.nhsNumber ? true : undefined} className={`${inputClass(!!errors.nhsNumber)} max-w-xs`} />
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <label htmlFor="givenName" className="block font-semibold">
            Given name
          </label>
          {fieldError("givenName")}
          <input id="givenName" name="givenName" autoComplete="off" defaultValue={initial.givenName} aria-describedby={describedBy("givenName")} aria-invalid={errors.givenName ? true : undefined} className={inputClass(!!errors.givenName)} />
        </div>
        <div>
          <label htmlFor="familyName" className="block font-semibold">
            Family name
          </label>
          {fieldError("familyName")}
          <input id="familyName" name="familyName" autoComplete="off" defaultValue={initial.familyName} aria-describedby={describedBy("familyName")} aria-invalid={errors.familyName ? true : undefined} className={inputClass(!!errors.familyName)} />
        </div>
      </div>

      <div>
        <label htmlFor="dateOfBirth" className="block font-semibold">
          Date of birth
        </label>
        {fieldError("dateOfBirth")}
        <input id="dateOfBirth" name="dateOfBirth" type="date" defaultValue={initial.dateOfBirth} aria-describedby={describedBy("dateOfBirth")} aria-invalid={errors.dateOfBirth ? true : undefined} className={`${inputClass(!!errors.dateOfBirth)} max-w-xs`} />
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
        <select id="practiceId" name="practiceId" defaultValue={initial.practiceId} aria-describedby={describedBy("practiceId")} aria-invalid={errors.practiceId ? true : undefined} className={inputClass(!!errors.practiceId)}>
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
          <p id="phone-hint" className="text-slate-700">A UK mobile or landline</p>
          {fieldError("phone")}
          <input id="phone" name="phone" type="tel" autoComplete="off" defaultValue={initial.phone} aria-describedby={describedBy("phone", true)} aria-invalid={errors.phone ? true : undefined} className={inputClass(!!errors.phone)} />
        </div>
        <div>
          <label htmlFor="email" className="block font-semibold">
            Email (optional)
          </label>
          <p id="email-hint" className="text-slate-700">For example name@example.com</p>
          {fieldError("email")}
          <input id="email" name="email" type="email" autoComplete="off" defaultValue={initial.email} aria-describedby={describedBy("email", true)} aria-invalid={errors.email ? true : undefined} className={inputClass(!!errors.email)} />
        </div>
      </div>

      <div>
        <label htmlFor="preferredLanguage" className="block font-semibold">
          Preferred language
        </label>
        {fieldError("preferredLanguage")}
        <input id="preferredLanguage" name="preferredLanguage" autoComplete="off" defaultValue={initial.preferredLanguage} aria-describedby={describedBy("preferredLanguage")} aria-invalid={errors.preferredLanguage ? true : undefined} className={`${inputClass(!!errors.preferredLanguage)} max-w-xs`} />
      </div>

      <div className="flex items-center gap-2">
        <input id="interpreterNeeded" name="interpreterNeeded" type="checkbox" defaultChecked={initial.interpreterNeeded} className="h-5 w-5" />
        <label htmlFor="interpreterNeeded">Needs an interpreter</label>
      </div>

      <div>
        <label htmlFor="accessibilityNeeds" className="block font-semibold">
          Accessibility needs (optional)
        </label>
        <p id="accessibilityNeeds-hint" className="text-slate-700">For example step-free access, large print, British Sign Language</p>
        {fieldError("accessibilityNeeds")}
        <textarea id="accessibilityNeeds" name="accessibilityNeeds" rows={3} maxLength={500} defaultValue={initial.accessibilityNeeds} aria-describedby={describedBy("accessibilityNeeds", true)} aria-invalid={errors.accessibilityNeeds ? true : undefined} className={inputClass(!!errors.accessibilityNeeds)} />
      </div>

      <fieldset aria-describedby={describedBy("longTermConditions")}>
        <legend className="font-semibold">Long-term conditions</legend>
        {fieldError("longTermConditions")}
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {LONG_TERM_CONDITIONS.map(([code, label]) => (
            <div key={code} className="flex items-center gap-2">
              <input id={`condition-${code}`} type="checkbox" name="longTermConditions" value={code} defaultChecked={initial.longTermConditions.includes(code)} className="h-5 w-5" />
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
            <input id="consentToTextReminders" name="consentToTextReminders" type="checkbox" defaultChecked={initial.consentToTextReminders} aria-describedby={describedBy("consentToTextReminders", true)} className="mt-0.5 h-5 w-5" />
            <div>
              <label htmlFor="consentToTextReminders">Agrees to text message reminders</label>
              <p id="consentToTextReminders-hint" className="text-slate-700">Sent only when a phone number is recorded above</p>
              {fieldError("consentToTextReminders")}
            </div>
          </div>
          <div className="flex items-start gap-2">
            <input id="consentToEmailReminders" name="consentToEmailReminders" type="checkbox" defaultChecked={initial.consentToEmailReminders} aria-describedby={describedBy("consentToEmailReminders", true)} className="mt-0.5 h-5 w-5" />
            <div>
              <label htmlFor="consentToEmailReminders">Agrees to email reminders</label>
              <p id="consentToEmailReminders-hint" className="text-slate-700">Sent only when an email address is recorded above</p>
              {fieldError("consentToEmailReminders")}
            </div>
          </div>
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={pending} className="rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60">
          {pending ? "Saving…" : submitLabel}
        </button>
        <Link href={cancelHref} className="text-nhs-blue underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
