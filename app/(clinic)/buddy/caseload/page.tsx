import type { Metadata } from "next";
import Link from "next/link";
import { ukDate } from "@/components/care-plan-view";
import { requirePagePermission } from "@/lib/auth/guard";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getCaseload, type CaseloadEntry } from "@/lib/services/key-workers/get-caseload";

export const metadata: Metadata = { title: "Key-worker caseload" };

function NextContact({ entry }: { entry: CaseloadEntry }) {
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

/** The key worker's own patients: who to contact next (overdue first) and when each review is. */
export default async function CaseloadPage() {
  const ctx = await requirePagePermission("follow-up:record");
  const caseload = await getCaseload(ctx);
  const overdue = caseload.filter((e) => e.followUp.overdue).length;
  return (
    <>
      <p>
        <Link href="/buddy" className="text-nhs-blue underline">
          Back to the health buddy page
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Your key-worker caseload</h1>
      <p className="mt-1 text-slate-700">Patients whose care plan names you as key worker. Keep in touch with each until their next review.</p>
      {overdue > 0 ? (
        <p role="status" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {overdue} {overdue === 1 ? "contact is" : "contacts are"} overdue.
        </p>
      ) : null}
      {caseload.length === 0 ? (
        <p className="mt-4">No care plan names you as key worker yet.</p>
      ) : (
        <table className="mt-4 w-full border-collapse bg-white text-left">
          <caption className="sr-only">Your patients, the next contact due and the next review</caption>
          <thead>
            <tr className="border-b-2 border-slate-700">
              <th scope="col" className="p-2">Patient</th>
              <th scope="col" className="p-2">NHS number</th>
              <th scope="col" className="p-2">Next contact due</th>
              <th scope="col" className="p-2">Last contact</th>
              <th scope="col" className="p-2">Next review</th>
            </tr>
          </thead>
          <tbody>
            {caseload.map((e) => (
              <tr key={e.patientId} className={`border-b border-slate-200 ${e.followUp.overdue ? "bg-red-50" : ""}`}>
                <th scope="row" className="p-2 text-left">
                  <Link href={`/buddy/caseload/${e.patientId}`} className="font-semibold text-nhs-blue underline">
                    {e.name}
                  </Link>
                </th>
                <td className="p-2 whitespace-nowrap">{formatNhsNumber(e.nhsNumber)}</td>
                <td className="p-2">
                  <NextContact entry={e} />
                </td>
                <td className="p-2">{e.lastContactOn ? ukDate(e.lastContactOn) : "None yet"}</td>
                <td className="p-2">
                  {ukDate(e.nextReviewDate)}
                  {e.reviewClinicDayDate ? `, booked for ${ukDate(e.reviewClinicDayDate)}` : ", on the review list"}
                  {e.followUp.state === "due" && e.followUp.reviewOverdue ? <strong className="block text-nhs-red">Review not yet happened</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
