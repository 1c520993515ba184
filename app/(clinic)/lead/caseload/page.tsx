import type { Metadata } from "next";
import Link from "next/link";
import { FollowUpCells, NhsNumberCell, OverdueContacts } from "@/components/caseload-cells";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable, RowHeader } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/guard";
import { getCaseloadOverview, type OverviewEntry } from "@/lib/services/key-workers/get-caseload-overview";

export const metadata: Metadata = { title: "Key-worker caseloads" };

/**
 * The clinic lead's view of every key worker's caseload: each patient with a
 * final care plan, who keeps in touch with them and whether a contact is
 * overdue. Patients whose key worker can no longer sign in come first.
 */
export default async function CaseloadOverviewPage() {
  const ctx = await requirePagePermission("caseload:oversee");
  const { entries, counts } = await getCaseloadOverview(ctx);
  return (
    <>
      <PageHeader back="/lead" backLabel="Back to the clinic lead page" title="Key-worker caseloads" />
      <p className="mt-1 max-w-3xl text-slate-700">
        Every patient with a final care plan, their key worker, and when the key worker should next be in touch. Hand a patient to another key worker
        when theirs has left or is away.
      </p>
      {counts.keyWorkerInactive > 0 ? (
        <p role="alert" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {counts.keyWorkerInactive} {counts.keyWorkerInactive === 1 ? "patient has a key worker who" : "patients have a key worker who"} can no
          longer sign in. Nobody is keeping in touch with them: hand each to another key worker.
        </p>
      ) : null}
      <OverdueContacts count={counts.overdue} />
      {entries.length === 0 ? (
        <p className="mt-4">No patient has a final care plan yet.</p>
      ) : (
        <DataTable
          className="mt-4 w-full border-collapse bg-white text-left"
          captionClassName="p-2 text-left font-semibold"
          caption={`${counts.patients} ${counts.patients === 1 ? "patient" : "patients"} with a final care plan: key worker, next contact due, last contact and next review`}
          columns={["Patient", "NHS number", "Key worker", "Next contact due", "Last contact", "Next review", "Handover"]}
        >
          {entries.map((e: OverviewEntry) => (
            <tr
              key={e.patientId}
              className={`border-b border-slate-200 align-top ${!e.keyWorker.active ? "border-l-4 border-l-nhs-red bg-red-50" : e.followUp.overdue ? "bg-red-50" : ""}`}
            >
              <RowHeader>{e.name}</RowHeader>
              <NhsNumberCell nhsNumber={e.nhsNumber} />
              <td className="p-2">
                {e.keyWorker.name}
                {e.keyWorker.active ? null : (
                  <strong className="mt-1 block rounded bg-nhs-red px-1.5 text-white">No longer active: nobody is in touch</strong>
                )}
              </td>
              <FollowUpCells entry={e} />
              <td className="p-2">
                <Link href={`/lead/caseload/${e.patientId}`} className="font-semibold text-nhs-blue underline">
                  {e.keyWorker.active ? "Hand over" : "Hand to a new key worker"}
                  <span className="sr-only"> {e.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
