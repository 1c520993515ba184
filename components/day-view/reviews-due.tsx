import Link from "next/link";
import { ukDate } from "@/components/dates";
import { formatNhsNumber } from "@/lib/nhs-number";
import type { ReviewDue } from "@/lib/services/care-plans/list-reviews-due";
import { DataTable, RowHeader } from "@/components/ui/table";

/** Who is due a care review at this clinic day; reception books them through the morning grid above. */
export function ReviewsDue({ clinicDayId, reviews, canBook }: { clinicDayId: string; reviews: ReviewDue[]; canBook: boolean }) {
  if (reviews.length === 0) return <p className="mt-2 text-slate-700">Nobody is due a care review at this clinic day.</p>;
  return (
    <DataTable
      className="mt-3 w-full border-collapse bg-white text-left"
      caption="Patients due a care review at this clinic day"
      columns={["Patient", "NHS number", "Review due", "Why here", "Key worker", "Morning appointment"]}
    >
      {reviews.map((r) => (
        <tr key={r.patientId} className="border-b border-slate-200">
          <RowHeader>{r.name}</RowHeader>
          <td className="p-2 whitespace-nowrap">{formatNhsNumber(r.nhsNumber)}</td>
          <td className="p-2">{ukDate(r.nextReviewDate)}</td>
          <td className="p-2">{r.source === "booked" ? "The GP booked the review into this day" : "On the review list"}</td>
          <td className="p-2">{r.keyWorkerName ?? "—"}</td>
          <td className="p-2">
            {r.reviewed ? (
              <span>Reviewed{r.appointment ? ` (${r.appointment.time})` : ""}</span>
            ) : r.appointment ? (
              <span>Booked at {r.appointment.time}</span>
            ) : canBook ? (
              <Link href={`/clinic-days/${clinicDayId}?book=${r.nhsNumber}#grid-heading`} className="font-semibold text-nhs-blue underline">
                Book {r.name} a morning slot
              </Link>
            ) : (
              <span className="font-semibold">Not booked yet</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
