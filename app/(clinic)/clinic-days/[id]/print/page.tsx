import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/print-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { loadDay } from "../load-day";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Day list (print)" };

const STATUS = { BOOKED: "", ARRIVED: "Arrived", FULFILLED: "Seen", NOSHOW: "DNA", CANCELLED: "", ENTERED_IN_ERROR: "" } as const;

/** The day list on one A4 page (20 patients fit), for the front desk's clipboard. */
export default async function PrintDayListPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("clinic-day:view");
  const { id } = await params;
  const day = await loadDay(ctx, id, "print");
  return (
    <div className="print:text-[9pt]">
      <style>{"@page { size: A4 portrait; margin: 10mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-4">
        <Link href={`/clinic-days/${day.id}`} className="text-nhs-blue underline">
          Back to the clinic day
        </Link>
        <PrintButton label="Print day list" />
      </div>
      <h1 className="text-2xl font-bold print:text-[14pt]">Day list: {day.dateLabel}</h1>
      <p className="print:text-[9pt]">
        {day.clinicName}, {day.siteName}. {day.counts.booked} booked of {day.counts.slots} morning slots.
        {day.status === "CANCELLED" ? " This clinic day is cancelled." : ""}
      </p>
      {day.appointments.length === 0 ? (
        <p className="mt-4">No one is booked on this day.</p>
      ) : (
        <DataTable
          className="mt-3 w-full border-collapse text-left text-sm print:text-[9pt]"
          caption={`Patients booked on ${day.dateLabel}, with a column to tick arrival`}
          columns={["Time", "Name", "NHS number", "Date of birth", "Station", "Flags", "Arrived"]}
          headRowClassName="border-b-2 border-black"
          headCellClassName="px-1 py-1"
        >
          {day.appointments.map((a) => (
            <tr key={a.id} className="break-inside-avoid border-b border-slate-400">
              <td className="px-1 py-1 whitespace-nowrap">{a.time}</td>
              <RowHeader className="px-1 py-1 text-left font-semibold">{a.name}</RowHeader>
              <td className="px-1 py-1 whitespace-nowrap">{a.nhsNumber}</td>
              <td className="px-1 py-1 whitespace-nowrap">{a.dateOfBirth}</td>
              <td className="px-1 py-1">{a.station}</td>
              <td className="px-1 py-1">
                {[a.interpreterNeeded ? `Interpreter (${a.preferredLanguage})` : null, a.accessibilityNeeds].filter(Boolean).join("; ")}
              </td>
              <td className="px-1 py-1">
                <span aria-hidden="true" className="inline-block size-4 border-2 border-black align-middle" /> {STATUS[a.status]}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
