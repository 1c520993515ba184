"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { fieldErrors, inputClass } from "./forms/field";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadHandOverPatientSchema: SchemaLoader = () => import("@/lib/validation/key-worker").then((m) => m.handOverPatientSchema);

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
  const [toKeyWorkerId, setTo] = useState("");
  const [reason, setReason] = useState("");
  const { pending, failure, errors, saved: done, setSaved: setDone, savedRef: doneRef, check, run } = useActionForm();
  const field = fieldErrors(errors, (name) => (name === "toKeyWorkerId" ? "patient-handover-to" : `patient-handover-${name}`));

  if (keyWorkers.length === 0 && !done) return <p className="mt-2">There is no other active health buddy in your PCN to hand {patientName} to.</p>;

  return (
    <form
      noValidate
      className="mt-3 max-w-2xl space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const payload = { patientId, toKeyWorkerId, reason };
        if (!(await check(loadHandOverPatientSchema, payload))) return;
        run(
          () => action(payload),
          (data) => {
            setTo("");
            setReason("");
            setDone(`${data.patientName} is handed from ${data.fromKeyWorkerName} to ${data.toKeyWorkerName}.`);
            router.refresh();
          },
        );
      }}
    >
      {done ? (
        <p ref={doneRef} tabIndex={-1} role="status" className="border-l-4 border-nhs-green bg-green-50 p-3 font-semibold">
          {done}
        </p>
      ) : null}
      <ErrorSummary failure={failure} />
      <div>
        <label htmlFor="patient-handover-to" className="block font-semibold">
          New key worker
        </label>
        {field.error("toKeyWorkerId")}
        <select
          id="patient-handover-to"
          value={toKeyWorkerId}
          onChange={(e) => setTo(e.target.value)}
          {...field.aria("toKeyWorkerId")}
          className={`mt-1 rounded border-2 px-3 py-2 ${field.invalid("toKeyWorkerId") ? "border-nhs-red" : "border-slate-700"}`}
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
        {field.error("reason")}
        <textarea
          id="patient-handover-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          {...field.aria("reason", "patient-handover-reason-hint")}
          className={inputClass(field.invalid("reason"))}
        />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Handing over…" : "Hand over"}
      </button>
    </form>
  );
}
