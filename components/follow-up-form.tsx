"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import { useActionForm } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { CONTACT_METHOD_LABELS, CONTACT_METHODS } from "@/lib/care-plan/contact-methods";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadFollowUpContactSchemaFor = (today: string) => import("@/lib/validation/follow-up").then((m) => m.followUpContactSchemaFor(today));

/** The key worker's contact log: how, when, notes, and when the next contact is due. */
export function FollowUpForm({
  patientId,
  patientName,
  today,
  nowTime,
  action,
}: {
  patientId: string;
  patientName: string;
  today: string;
  nowTime: string;
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const empty = { method: "", notes: "", contactedAt: today, contactedTime: nowTime, nextContactDue: "" };
  const [values, setValues] = useState(empty);
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const { error: err, aria, invalid } = fieldErrors(errors, (name) => `fu-${name}`);

  const set = (name: keyof typeof empty, value: string) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    setSaved(null);
  };

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const payload = { patientId, ...values };
    if (!(await check(() => loadFollowUpContactSchemaFor(today), payload))) return;
    run(
      () => action(payload),
      () => {
        setValues(empty);
        setSaved(`Contact with ${patientName} recorded.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4 rounded border border-slate-300 bg-white p-4">
      <ErrorSummary failure={failure} fieldMessages={false} />
      <fieldset {...aria("method")}>
        <legend className="font-semibold">How were you in touch?</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {CONTACT_METHODS.map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="radio" name="method" value={m} checked={values.method === m} onChange={() => set("method", m)} className="h-5 w-5" />
              {CONTACT_METHOD_LABELS[m]}
            </label>
          ))}
        </div>
        {err("method")}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="fu-contactedAt" className="block font-semibold">
            Date of the contact
          </label>
          <input
            id="fu-contactedAt"
            type="date"
            max={today}
            value={values.contactedAt}
            onChange={(e) => set("contactedAt", e.target.value)}
            {...aria("contactedAt")}
            className={inputClass(invalid("contactedAt"))}
          />
          {err("contactedAt")}
        </div>
        <div>
          <label htmlFor="fu-contactedTime" className="block font-semibold">
            Time
          </label>
          <input
            id="fu-contactedTime"
            type="time"
            value={values.contactedTime}
            onChange={(e) => set("contactedTime", e.target.value)}
            {...aria("contactedTime")}
            className={inputClass(invalid("contactedTime"))}
          />
          {err("contactedTime")}
        </div>
      </div>
      <div>
        <label htmlFor="fu-notes" className="block font-semibold">
          Notes
        </label>
        <textarea
          id="fu-notes"
          rows={3}
          value={values.notes}
          onChange={(e) => set("notes", e.target.value)}
          {...aria("notes")}
          className={inputClass(invalid("notes"))}
        />
        {err("notes")}
      </div>
      <div>
        <label htmlFor="fu-nextContactDue" className="block font-semibold">
          Next contact due
        </label>
        <p id="fu-nextContactDue-hint" className="text-slate-700">
          Leave empty if the next contact is the review itself.
        </p>
        <input
          id="fu-nextContactDue"
          type="date"
          min={today}
          value={values.nextContactDue}
          onChange={(e) => set("nextContactDue", e.target.value)}
          {...aria("nextContactDue", "fu-nextContactDue-hint")}
          className={inputClass(invalid("nextContactDue"))}
        />
        {err("nextContactDue")}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Record contact"}
      </button>
      {saved ? (
        <p ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-3 font-semibold">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
