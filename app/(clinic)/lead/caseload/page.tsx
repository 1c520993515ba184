import type { Metadata } from "next";
import Link from "next/link";
import { ukDate } from "@/components/care-plan-view";
import { requirePagePermission } from "@/lib/auth/guard";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getCaseloadOverview, type OverviewEntry } from "@/lib/services/key-workers/get-caseload-overview";

export const metadata: Metadata = { title: "Key-worker caseloads" };

function NextContact({ entry }: { entry: OverviewEntry }) {
  const f = entry.followUp;
  if (f.state === "done") return <span>Review done: no contact due</span>;
  if (f.overdue) {
    return (
      <span className="inline-block rounded bg-nhs-red px-1.5 font-semibold text-white">
        Overdue: was due {ukDate(f.due)} ({f.daysOverdue} {f.daysOverdue === 1 ? "day" : "days"} ago)
      </span>
    );
  }
  return <span>{ukDate(f.due)}</span>;
}

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
      <p>
        <Link href="/lead" className="text-nhs-blue underline">
          Back to the clinic lead page
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Key-worker caseloads</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Every patient with a final care plan, their key worker, and when the key worker should next be in touch. Hand a patient to another key
        worker when theirs has left or is away.
      </p>
      {counts.keyWorkerInactive > 0 ? (
        <p role="alert" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {counts.keyWorkerInactive} {counts.keyWorkerInactive === 1 ? "patient has a key worker who" : "patients have a key worker who"} can no
          longer sign in. Nobody is keeping in touch with them: hand each to another key worker.
        </p>
      ) : null}
      {counts.overdue > 0 ? (
        <p role="status" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {counts.overdue} {counts.overdue === 1 ? "contact is" : "contacts are"} overdue.
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p className="mt-4">No patient has a final care plan yet.</p>
      ) : (
        <table className="mt-4 w-full border-collapse bg-white text-left">
          <caption className="p-2 text-left font-semibold">
            {counts.patients} {counts.patients === 1 ? "patient" : "patients"} with a final care plan: key worker, next contact due, last contact and
            next review
          </caption>
          <thead>
            <tr className="border-b-2 border-slate-700">
              <th scope="col" className="p-2">Patient</th>
              <th scope="col" className="p-2">NHS number</th>
              <th scope="col" className="p-2">Key worker</th>
              <th scope="col" className="p-2">Next contact due</th>
              <th scope="col" className="p-2">Last contact</th>
              <th scope="col" className="p-2">Next review</th>
              <th scope="col" className="p-2">Handover</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr
                key={e.patientId}
                className={`border-b border-slate-200 align-top ${!e.keyWorker.active ? "border-l-4 border-l-nhs-red bg-red-50" : e.followUp.overdue ? "bg-red-50" : ""}`}
              >
                <th scope="row" className="p-2 text-left font-semibold">
                  {e.name}
                </th>
                <td className="p-2 whitespace-nowrap">{formatNhsNumber(e.nhsNumber)}</td>
                <td className="p-2">
                  {e.keyWorker.name}
                  {e.keyWorker.active ? null : <strong className="mt-1 block rounded bg-nhs-red px-1.5 text-white">No longer active: nobody is in touch</strong>}
                </td>
                <td className="p-2">
                  <NextContact entry={e} />
                </td>
                <td className="p-2">{e.lastContactOn ? ukDate(e.lastContactOn) : "None yet"}</td>
                <td className="p-2">
                  {ukDate(e.nextReviewDate)}
                  {e.reviewClinicDayDate ? `, booked for ${ukDate(e.reviewClinicDayDate)}` : ", on the review list"}
                  {e.followUp.state === "due" && e.followUp.reviewOverdue ? <strong className="block text-nhs-red">Review not yet happened</strong> : null}
                </td>
                <td className="p-2">
                  <Link href={`/lead/caseload/${e.patientId}`} className="font-semibold text-nhs-blue underline">
                    {e.keyWorker.active ? "Hand over" : "Hand to a new key worker"}
                    <span className="sr-only"> {e.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
