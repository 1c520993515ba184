"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { handOverPatientSchema } from "@/lib/validation/key-worker";
import { checkBeforeSending, ErrorSummary } from "./error-summary";

type Outcome = { patientName: string; fromKeyWorkerName: string; toKeyWorkerName: string };

/** The clinic lead hands one patient to another key worker, with the reason. */
export function HandOverPatientForm({
  patientId,
  patientName,
  keyWorkers,
  action,
}: {
  patientId: string;
  patientName: string;
  keyWorkers: Array<{ id: string; name: string }>;
  action: (input: unknown) => Promise<ActionResult<Outcome>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [toKeyWorkerId, setTo] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const fieldError = (name: string) => error?.fieldErrors?.[name];
  const errorLine = (name: string, id: string) =>
    fieldError(name) ? (
      <p id={id} className="mt-1 font-semibold text-nhs-red">
        <span className="sr-only">Error: </span>
        {fieldError(name)}
      </p>
    ) : null;

  if (keyWorkers.length === 0 && !done) return <p className="mt-2">There is no other active health buddy in your PCN to hand {patientName} to.</p>;

  return (
    <form
      noValidate
      className="mt-3 max-w-2xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const payload = { patientId, toKeyWorkerId, reason };
        const problem = checkBeforeSending(handOverPatientSchema, payload);
        if (problem) {
          setError(problem);
          return;
        }
        start(async () => {
          const outcome = await action(payload);
          if (!outcome.ok) {
            setError({ message: outcome.message, fieldErrors: outcome.fieldErrors });
            return;
          }
          setError(null);
          setTo("");
          setReason("");
          setDone(`${outcome.data.patientName} is handed from ${outcome.data.fromKeyWorkerName} to ${outcome.data.toKeyWorkerName}.`);
          router.refresh();
        });
      }}
    >
      {done ? (
        <p ref={doneRef} tabIndex={-1} role="status" className="border-l-4 border-nhs-green bg-green-50 p-3 font-semibold">
          {done}
        </p>
      ) : null}
      <ErrorSummary message={error?.message ?? null} fieldErrors={error?.fieldErrors} />
      <div>
        <label htmlFor="patient-handover-to" className="block font-semibold">
          New key worker
        </label>
        {errorLine("toKeyWorkerId", "patient-handover-to-error")}
        <select
          id="patient-handover-to"
          value={toKeyWorkerId}
          onChange={(e) => setTo(e.target.value)}
          aria-describedby={fieldError("toKeyWorkerId") ? "patient-handover-to-error" : undefined}
          aria-invalid={fieldError("toKeyWorkerId") ? true : undefined}
          className={`mt-1 rounded border-2 px-3 py-2 ${fieldError("toKeyWorkerId") ? "border-nhs-red" : "border-slate-700"}`}
        >
          <option value="">Choose a health buddy</option>
          {keyWorkers.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="patient-handover-reason" className="block font-semibold">
          Reason for the handover
        </label>
        <p id="patient-handover-reason-hint" className="text-sm text-slate-700">
          Kept with the care plan, so it is clear who was key worker when and why it changed.
        </p>
        {errorLine("reason", "patient-handover-reason-error")}
        <textarea
          id="patient-handover-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          aria-describedby={["patient-handover-reason-hint", fieldError("reason") ? "patient-handover-reason-error" : null].filter(Boolean).join(" ")}
          aria-invalid={fieldError("reason") ? true : undefined}
          className={`mt-1 w-full rounded border-2 px-3 py-2 ${fieldError("reason") ? "border-nhs-red" : "border-slate-700"}`}
        />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Handing over…" : "Hand over"}
      </button>
    </form>
  );
}
