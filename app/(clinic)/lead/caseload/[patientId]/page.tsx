import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ukDate } from "@/components/dates";
import { HandOverPatientForm } from "@/components/hand-over-patient-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import { getKeyWorkerHistory } from "@/lib/services/key-workers/get-key-worker-history";
import { handOverKeyWorkerAction } from "../actions";
import { DataTable, RowHeader } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Key worker" };

const when = (d: Date) => formatLondon(d, "d MMMM yyyy, HH:mm");

/** One patient's key worker now and before, and handing them to another key worker. */
export default async function PatientKeyWorkerPage({ params }: { params: Promise<{ patientId: string }> }) {
  const ctx = await requirePagePermission("caseload:oversee");
  const { patientId } = await params;
  const view = await getKeyWorkerHistory(ctx, { patientId }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const { patient, plan, handovers, keyWorkers } = view;
  return (
    <>
      <PageHeader back="/lead/caseload" backLabel="Back to key-worker caseloads" title={`Key worker for ${patient.name}`} />
      <p className="mt-1 text-slate-700">NHS number {formatNhsNumber(patient.nhsNumber)}</p>

      {!plan ? (
        <p className="mt-4">This patient has no final care plan, so no key worker is keeping in touch with them yet.</p>
      ) : (
        <>
          {plan.keyWorker.active ? null : (
            <p role="alert" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
              {plan.keyWorker.name} can no longer sign in: nobody is keeping in touch with {patient.name}. Hand them to another key worker.
            </p>
          )}
          <dl className="mt-4 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
            <dt className="font-semibold">Key worker</dt>
            <dd>
              {plan.keyWorker.name}
              {plan.keyWorker.active ? "" : " (no longer active)"}
            </dd>
            <dt className="font-semibold">Care plan</dt>
            <dd>
              Version {plan.version}, final since {when(plan.finalisedAt)}
            </dd>
            <dt className="font-semibold">Next contact due</dt>
            <dd>
              {plan.followUp.state === "done"
                ? "Review done: no contact due"
                : `${ukDate(plan.followUp.due)}${plan.followUp.overdue ? ` (overdue by ${plan.followUp.daysOverdue} ${plan.followUp.daysOverdue === 1 ? "day" : "days"})` : ""}`}
            </dd>
            <dt className="font-semibold">Last contact</dt>
            <dd>{plan.lastContactOn ? ukDate(plan.lastContactOn) : "None yet"}</dd>
            <dt className="font-semibold">Next review</dt>
            <dd>{ukDate(plan.nextReviewDate)}</dd>
          </dl>

          <h2 className="mt-6 text-2xl font-bold">Hand to another key worker</h2>
          <HandOverPatientForm patientId={patient.id} patientName={patient.name} keyWorkers={keyWorkers} action={handOverKeyWorkerAction} />

          <h2 className="mt-6 text-2xl font-bold">Who has been key worker</h2>
          <DataTable
            className="mt-2 w-full border-collapse bg-white text-left"
            caption={`Key workers of version ${plan.version} of ${patient.name}'s care plan, with when and why each took over`}
            columns={["Key worker", "From", "Until", "Why they took over"]}
          >
            {plan.spells.map((s) => (
              <tr key={`${s.keyWorker.id}-${s.from.toISOString()}`} className="border-b border-slate-200 align-top">
                <RowHeader>{s.keyWorker.name}</RowHeader>
                <td className="p-2">{when(s.from)}</td>
                <td className="p-2">{s.until ? when(s.until) : "Now"}</td>
                <td className="p-2">{s.reason ?? "Named in the care plan by the GP"}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}

      {handovers.length > 0 ? (
        <>
          <h2 className="mt-6 text-2xl font-bold">Every handover</h2>
          <DataTable
            className="mt-2 w-full border-collapse bg-white text-left"
            caption={`Every key worker handover of ${patient.name}'s care plans, newest first`}
            columns={["When", "Care plan version", "From", "To", "By", "Reason"]}
          >
            {handovers.map((h) => (
              <tr key={h.id} className="border-b border-slate-200 align-top">
                <RowHeader className="p-2 text-left font-normal">{when(h.at)}</RowHeader>
                <td className="p-2">{h.version}</td>
                <td className="p-2">
                  {h.from}
                  {h.onDeactivation ? " (leaving)" : ""}
                </td>
                <td className="p-2">{h.to}</td>
                <td className="p-2">{h.by}</td>
                <td className="p-2">{h.reason}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </>
  );
}
