import type { Metadata } from "next";
import { WaitlistBookButton } from "@/components/waitlist-book-button";
import { LanguageBadge } from "@/components/language-badge";
import { sessionKindLabel } from "@/lib/appointments/kinds";
import { requirePagePermission } from "@/lib/auth/guard";
import { formatNhsNumber } from "@/lib/nhs-number";
import { listWaitlist } from "@/lib/services/routing/list-waitlist";
import { bookFromWaitlistAction } from "./actions";
import { DataTable, RowHeader } from "@/components/ui/table";
import { longDate, ukDate } from "@/components/dates";

export const metadata: Metadata = { title: "Waitlist" };

export default async function WaitlistPage() {
  const ctx = await requirePagePermission("routing:override");
  const entries = await listWaitlist(ctx);
  return (
    <>
      <h1 className="text-3xl font-bold">Waitlist</h1>
      <p className="mt-1 text-slate-700">
        Patients the afternoon could not fit. Booking gives them the earliest free slot of the kind they wait for on the clinic&apos;s next day.
      </p>
      {entries.length === 0 ? (
        <p className="mt-6">Nobody is on the waitlist.</p>
      ) : (
        <DataTable
          className="mt-6 w-full border-collapse bg-white text-left"
          columns={["Patient", "NHS number", "Waiting for", "Since", "Why", "Book"]}
        >
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-200 align-top">
              <RowHeader>{e.name}</RowHeader>
              <td className="p-2">
                <span className="whitespace-nowrap">{formatNhsNumber(e.nhsNumber)}</span>
                <LanguageBadge language={e.language} className="mt-1 block w-fit" />
              </td>
              <td className="p-2">
                {e.review ? "Talking Therapies review" : sessionKindLabel(e.kind)}
                {e.forDate ? <div className="text-sm">Review wanted on {ukDate(e.forDate)}</div> : null}
                {e.missed ? <div className="text-sm font-semibold text-nhs-red">Back on the list after a missed or cancelled appointment</div> : null}
              </td>
              <td className="p-2">
                {longDate(e.fromDate)}
                <div className="text-sm text-slate-600">{e.clinicName}</div>
              </td>
              <td className="p-2 text-sm">{e.reason}</td>
              <td className="p-2">
                {e.nextDay ? (
                  <WaitlistBookButton
                    waitlistEntryId={e.id}
                    clinicDayId={e.nextDay.id}
                    dateLabel={ukDate(e.nextDay.date, "d MMMM")}
                    patientName={e.name}
                    action={bookFromWaitlistAction}
                  />
                ) : (
                  <span>No later clinic day is scheduled.</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
