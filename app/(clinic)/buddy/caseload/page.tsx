import type { Metadata } from "next";
import Link from "next/link";
import { FollowUpCells, NhsNumberCell, OverdueContacts } from "@/components/caseload-cells";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable, RowHeader } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/guard";
import { getCaseload, type CaseloadEntry } from "@/lib/services/key-workers/get-caseload";

export const metadata: Metadata = { title: "Key-worker caseload" };

/** The key worker's own patients: who to contact next (overdue first) and when each review is. */
export default async function CaseloadPage() {
  const ctx = await requirePagePermission("follow-up:record");
  const caseload: CaseloadEntry[] = await getCaseload(ctx);
  const overdue = caseload.filter((e) => e.followUp.overdue).length;
  return (
    <>
      <PageHeader back="/buddy" backLabel="Back to the health buddy page" title="Your key-worker caseload" />
      <p className="mt-1 text-slate-700">Patients whose care plan names you as key worker. Keep in touch with each until their next review.</p>
      <OverdueContacts count={overdue} />
      {caseload.length === 0 ? (
        <p className="mt-4">No care plan names you as key worker yet.</p>
      ) : (
        <DataTable
          className="mt-4 w-full border-collapse bg-white text-left"
          caption="Your patients, the next contact due and the next review"
          columns={["Patient", "NHS number", "Next contact due", "Last contact", "Next review"]}
        >
          {caseload.map((e) => (
            <tr key={e.patientId} className={`border-b border-slate-200 ${e.followUp.overdue ? "bg-red-50" : ""}`}>
              <RowHeader className="p-2 text-left">
                <Link href={`/buddy/caseload/${e.patientId}`} className="font-semibold text-nhs-blue underline">
                  {e.name}
                </Link>
              </RowHeader>
              <NhsNumberCell nhsNumber={e.nhsNumber} language={e.language} />
              <FollowUpCells entry={e} />
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
