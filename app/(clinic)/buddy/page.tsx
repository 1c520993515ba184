import type { Metadata } from "next";
import Link from "next/link";
import { LanguageBadge } from "@/components/language-badge";
import { ClinicDayList } from "@/components/clinic-day-list";
import { ProgressButton } from "@/components/progress-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import { getHomeSummary } from "@/lib/services/home/get-home-summary";
import { getMorningList } from "@/lib/services/assessments/get-morning-list";
import { finishWrapAroundAction } from "./actions";
import { MyDayCalendarLink } from "@/components/my-day-calendar-link";
import { DataTable } from "@/components/ui/table";

export const metadata: Metadata = { title: "Health buddy" };

const STATUS: Record<string, string> = { BOOKED: "Not arrived", ARRIVED: "Arrived", FULFILLED: "Done" };

export default async function BuddyHome() {
  const ctx = await requirePagePermission("assessment:record");
  const [{ today, upcoming }, morning] = await Promise.all([getHomeSummary(ctx, "assessment:record", { onlyRostered: true }), getMorningList(ctx)]);
  return (
    <>
      <h1 className="text-3xl font-bold">Health buddy</h1>
      <p className="mt-1 text-slate-700">Your morning wrap-around stations and PHQ-4 assessments.</p>
      <p className="mt-2">
        <Link href="/buddy/caseload" className="font-semibold text-nhs-blue underline">
          Your key-worker caseload: who to contact next
        </Link>
      </p>
      <MyDayCalendarLink />

      <section className="mt-6" aria-labelledby="morning-list">
        <h2 id="morning-list" className="text-xl font-bold">
          {morning?.rostered ? "Your morning list" : "This morning's patients"}
        </h2>
        {!morning ? (
          <p className="mt-2 text-slate-600">There is no clinic today.</p>
        ) : morning.entries.length === 0 ? (
          <p className="mt-2 text-slate-600">Nobody is booked at your station today.</p>
        ) : (
          <DataTable
            className="mt-3 w-full border-collapse bg-white text-left"
            columns={["Time", "Patient", "NHS number", "Station", "Status", "PHQ-4", "Wrap-around"]}
          >
            {morning.entries.map((entry) => (
              <tr key={entry.appointmentId} className="border-b border-slate-200">
                <td className="p-2">{formatLondon(entry.startsAt, "HH:mm")}</td>
                <td className="p-2">
                  <Link href={`/buddy/appointments/${entry.appointmentId}`} className="font-semibold text-nhs-blue underline">
                    {entry.name}
                  </Link>
                  <LanguageBadge language={entry.language} className="ml-2" />
                </td>
                <td className="p-2">{formatNhsNumber(entry.nhsNumber)}</td>
                <td className="p-2">{entry.station}</td>
                <td className="p-2">{STATUS[entry.status] ?? entry.status}</td>
                <td className="p-2">
                  {entry.phq4Total !== null
                    ? `Total ${entry.phq4Total}`
                    : entry.homePhq4Total !== null
                      ? `Answered at home (total ${entry.homePhq4Total}): to confirm`
                      : "Not yet"}
                </td>
                <td className="p-2">
                  <ProgressButton
                    appointmentId={entry.appointmentId}
                    patientName={entry.name}
                    steps={
                      entry.status === "ARRIVED"
                        ? { label: "Wrap-around done", action: finishWrapAroundAction, done: `${entry.name}'s wrap-around is done.` }
                        : null
                    }
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <ClinicDayList title="Today" days={today} empty="There is no clinic today." highlightStaffId={ctx.actor.id} />
      <ClinicDayList
        title="Your upcoming clinic days"
        days={upcoming}
        empty="No upcoming clinic days are scheduled."
        highlightStaffId={ctx.actor.id}
      />
    </>
  );
}
