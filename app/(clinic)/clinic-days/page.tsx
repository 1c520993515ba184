import type { Metadata } from "next";
import Link from "next/link";
import { CreateClinicDaysForm } from "@/components/create-clinic-days-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { formatLondon, londonToday } from "@/lib/schedule";
import { listClinicDays, type ClinicDaySummary } from "@/lib/services/clinic-days/list-clinic-days";
import { listClinicDayTemplates } from "@/lib/services/clinic-days/list-clinic-day-templates";
import { createClinicDaysAction, previewClinicDaysAction } from "./actions";
import { DataTable, RowHeader } from "@/components/ui/table";
import { longDate } from "@/components/dates";

export const metadata: Metadata = { title: "Clinic days" };

function DaysTable({ title, days, canManage, empty }: { title: string; days: ClinicDaySummary[]; canManage: boolean; empty: string }) {
  const id = title.toLowerCase().replace(/\W+/g, "-");
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-2xl font-bold">
        {title}
      </h2>
      {days.length === 0 ? (
        <p className="mt-2 text-slate-700">{empty}</p>
      ) : (
        <DataTable
          className="mt-2 w-full border-collapse bg-white text-left"
          columns={[
            "Date",
            "Clinic",
            "Times",
            "Status",
            "Morning booked",
            "Morning free",
            { key: "actions", label: <span className="sr-only">Actions</span> },
          ]}
          headCellClassName="px-2 py-2"
        >
          {days.map((day) => {
            const label = longDate(day.date);
            const morning = day.sessions.find((s) => s.kind === "WRAP_AROUND");
            const last = day.sessions.at(-1);
            return (
              <tr key={day.id} className="border-b border-slate-200">
                <RowHeader className="px-2 py-2">{label}</RowHeader>
                <td className="px-2 py-2">{day.clinicName}</td>
                <td className="px-2 py-2">
                  {morning && last ? `${formatLondon(morning.startsAt, "HH:mm")}–${formatLondon(last.endsAt, "HH:mm")}` : "—"}
                </td>
                <td className={`px-2 py-2 font-semibold ${day.status === "CANCELLED" ? "text-nhs-red" : ""}`}>
                  {day.status === "CANCELLED" ? "Cancelled" : "Scheduled"}
                </td>
                <td className="px-2 py-2">{day.status === "CANCELLED" ? "—" : day.booked}</td>
                <td className="px-2 py-2">{day.status === "CANCELLED" ? "—" : Math.max(day.morningSlots - day.booked, 0)}</td>
                <td className="px-2 py-2">
                  <Link href={`/clinic-days/${day.id}`} className="font-semibold text-nhs-blue underline">
                    Open<span className="sr-only"> {label}</span>
                  </Link>
                  {canManage ? (
                    <>
                      {" · "}
                      <Link href={`/clinic-days/${day.id}/manage`} className="font-semibold text-nhs-blue underline">
                        Manage<span className="sr-only"> {label}</span>
                      </Link>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

export default async function ClinicDaysPage() {
  const ctx = await requirePagePermission("clinic-day:view");
  const canManage = hasPermission(ctx.actor.roles, "clinic-day:manage");
  const today = londonToday();
  // Four weeks back by calendar date (UTC date arithmetic has no clock changes).
  const [y, m, d] = today.split("-").map(Number);
  const fourWeeksAgo = new Date(Date.UTC(y, m - 1, d - 28)).toISOString().slice(0, 10);
  const [all, templates] = await Promise.all([
    listClinicDays(ctx, { from: fourWeeksAgo, limit: 200 }),
    canManage ? listClinicDayTemplates(ctx) : Promise.resolve([]),
  ]);
  const upcoming = all.filter((d) => d.date >= today);
  const recent = all.filter((d) => d.date < today).reverse();
  return (
    <>
      <h1 className="text-3xl font-bold">Clinic days</h1>
      <p className="mt-1 text-slate-700">Upcoming and recent clinic days of your PCN. Times are London clock times.</p>
      {canManage ? (
        <section aria-labelledby="create-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="create-heading" className="text-2xl font-bold">
            Create clinic days
          </h2>
          <p className="text-slate-700">One day, or the same weekday each week, from a clinic template.</p>
          {templates.length === 0 ? (
            <p className="mt-2">There are no clinic templates yet. The clinic lead sets them up.</p>
          ) : (
            <CreateClinicDaysForm templates={templates} previewAction={previewClinicDaysAction} createAction={createClinicDaysAction} />
          )}
        </section>
      ) : null}
      <DaysTable title="Upcoming clinic days" days={upcoming} canManage={canManage} empty="No upcoming clinic days are scheduled." />
      <DaysTable title="Recent clinic days" days={recent} canManage={canManage} empty="No clinic days in the last four weeks." />
    </>
  );
}
