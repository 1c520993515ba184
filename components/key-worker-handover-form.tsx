"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { FieldError } from "./forms/field";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";
import { DataTable, RowHeader } from "@/components/ui/table";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadDeactivateWithHandoverSchema: SchemaLoader = () => import("@/lib/validation/key-worker").then((m) => m.deactivateWithHandoverSchema);

type Outcome = { staffName: string; deactivated: boolean; patients: Array<{ patientId: string; patientName: string; toKeyWorkerName: string }> };

const selectClass = (invalid: boolean) => `mt-1 rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;

/**
 * Someone is leaving: choose the new key worker for all their patients (and,
 * where it should be someone else, for a particular patient), say why, then
 * hand them over and deactivate the account in one step.
 */
export function KeyWorkerHandoverForm({
  staff,
  patients,
  keyWorkers,
  action,
}: {
  staff: { id: string; name: string; active: boolean; isSelf: boolean };
  patients: Array<{ patientId: string; name: string; nhsNumber: string; plan: string }>;
  keyWorkers: Array<{ id: string; name: string }>;
  action: (input: unknown) => Promise<ActionResult<Outcome>>;
}) {
  const { pending, failure, errors, saved: result, setSaved: setResult, savedRef: doneRef, check, run } = useActionForm<Outcome>();
  const [toKeyWorkerId, setTo] = useState("");
  const [perPatient, setPerPatient] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");

  if (result) {
    return (
      <div ref={doneRef} tabIndex={-1} role="status" className="mt-4 border-l-4 border-nhs-green bg-green-50 p-3">
        <p className="font-semibold">
          {result.deactivated ? `${result.staffName} is deactivated and signed out.` : `${result.staffName}’s patients are handed over.`}
        </p>
        <ul className="mt-1 list-disc pl-5">
          {result.patients.map((p) => (
            <li key={p.patientId}>
              {p.patientName}: new key worker {p.toKeyWorkerName}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          <Link href="/lead/staff" className="font-semibold text-nhs-blue underline">
            Back to staff
          </Link>
          {" · "}
          <Link href="/lead/caseload" className="font-semibold text-nhs-blue underline">
            Key-worker caseloads
          </Link>
        </p>
      </div>
    );
  }

  if (patients.length === 0) {
    return (
      <p className="mt-3 max-w-3xl">
        No current care plan names {staff.name} as key worker.
        {staff.active && !staff.isSelf ? " You can deactivate the account from the staff page." : ""}
      </p>
    );
  }
  const count = patients.length === 1 ? "1 patient" : `${patients.length} patients`;
  if (staff.isSelf) return <p className="mt-3 max-w-3xl">You cannot deactivate your own account. Another clinic lead can hand over your patients.</p>;
  if (keyWorkers.length === 0) {
    return (
      <p role="alert" className="mt-3 max-w-3xl border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
        There is no other active health buddy to take over {staff.name}&apos;s {count}. Add one first.
      </p>
    );
  }

  const fieldError = (name: string) => errors[name];

  return (
    <>
      <p className="mt-3 max-w-3xl">
        {staff.name} is key worker to {count}.{" "}
        {staff.active
          ? "Before the account is deactivated, each patient needs a new key worker to keep in touch with them until their next review."
          : "The account is already deactivated, so nobody is keeping in touch with these patients: hand each of them to a new key worker."}{" "}
        The care plans stay as the GP agreed them; who was key worker before, and why it changed, is kept with each plan.
      </p>
      <form
        noValidate
        className="mt-4 space-y-5"
        onSubmit={async (event) => {
          event.preventDefault();
          const assignments = Object.entries(perPatient)
            .filter(([, to]) => to)
            .map(([patientId, to]) => ({ patientId, toKeyWorkerId: to }));
          const payload = { staffId: staff.id, toKeyWorkerId, assignments, reason };
          if (!(await check(loadDeactivateWithHandoverSchema, payload))) return;
          run(() => action(payload), setResult);
        }}
      >
        <ErrorSummary failure={failure} />
        <div>
          <label htmlFor="handover-to" className="block font-semibold">
            New key worker for all {staff.name}&apos;s patients
          </label>
          <p id="handover-to-hint" className="text-sm text-slate-700">
            An active health buddy of your PCN. Choose someone else for a particular patient in the table below.
          </p>
          <FieldError id="handover-to-error" message={fieldError("toKeyWorkerId")} />
          <select
            id="handover-to"
            value={toKeyWorkerId}
            onChange={(e) => setTo(e.target.value)}
            aria-describedby={["handover-to-hint", fieldError("toKeyWorkerId") ? "handover-to-error" : null].filter(Boolean).join(" ")}
            aria-invalid={fieldError("toKeyWorkerId") ? true : undefined}
            className={selectClass(Boolean(fieldError("toKeyWorkerId")))}
          >
            <option value="">Choose a health buddy</option>
            {keyWorkers.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </div>

        <DataTable
          className="w-full border-collapse bg-white text-left"
          captionClassName="p-2 text-left font-semibold"
          caption={`Patients whose care plan names ${staff.name} as key worker`}
          columns={["Patient", "NHS number", "Care plan", "New key worker"]}
        >
          {patients.map((p) => {
            const field = `assignments.${p.patientId}`;
            const id = `handover-${p.patientId}`;
            return (
              <tr key={p.patientId} className="border-b border-slate-200 align-top">
                <RowHeader>{p.name}</RowHeader>
                <td className="p-2 whitespace-nowrap">{p.nhsNumber}</td>
                <td className="p-2">{p.plan}</td>
                <td className="p-2">
                  <label htmlFor={id} className="sr-only">
                    New key worker for {p.name}
                  </label>
                  <FieldError id={`${id}-error`} message={fieldError(field)} />
                  <select
                    id={id}
                    value={perPatient[p.patientId] ?? ""}
                    onChange={(e) => setPerPatient((prev) => ({ ...prev, [p.patientId]: e.target.value }))}
                    aria-describedby={fieldError(field) ? `${id}-error` : undefined}
                    aria-invalid={fieldError(field) ? true : undefined}
                    className={selectClass(Boolean(fieldError(field)))}
                  >
                    <option value="">The one chosen for all</option>
                    {keyWorkers.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </DataTable>

        <div className="max-w-2xl">
          <label htmlFor="handover-reason" className="block font-semibold">
            Reason for the handover
          </label>
          <p id="handover-reason-hint" className="text-sm text-slate-700">
            Kept with each patient&apos;s care plan, so it is clear who was key worker when and why it changed.
          </p>
          <FieldError id="handover-reason-error" message={fieldError("reason")} />
          <textarea
            id="handover-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            aria-describedby={["handover-reason-hint", fieldError("reason") ? "handover-reason-error" : null].filter(Boolean).join(" ")}
            aria-invalid={fieldError("reason") ? true : undefined}
            className={`mt-1 w-full rounded border-2 px-3 py-2 ${fieldError("reason") ? "border-nhs-red" : "border-slate-700"}`}
          />
        </div>

        <button type="submit" disabled={pending} className="rounded bg-nhs-red px-4 py-2 font-semibold text-white disabled:opacity-60">
          {pending ? "Handing over…" : staff.active ? `Hand over and deactivate ${staff.name}` : "Hand over their patients"}
        </button>
      </form>
    </>
  );
}
