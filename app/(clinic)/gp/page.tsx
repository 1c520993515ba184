import type { Metadata } from "next";
import Link from "next/link";
import { AfternoonList, WaitlistAlert } from "@/components/afternoon-list";
import { ClinicDayList } from "@/components/clinic-day-list";
import { requirePagePermission } from "@/lib/auth/guard";
import { OverdueHuddleReferrals } from "@/components/huddle/overdue-referrals";
import { listHuddleReferrals } from "@/lib/services/huddles/list-huddle-referrals";
import { formatLondon } from "@/lib/schedule";
import { getAfternoonList } from "@/lib/services/afternoons/get-afternoon-list";
import { getHomeSummary } from "@/lib/services/home/get-home-summary";
import { callInGpAction, finishGpAction, markGpAbsentAction, undoGpAbsenceAction } from "./actions";
import { MyDayCalendarLink } from "@/components/my-day-calendar-link";

export const metadata: Metadata = { title: "GP" };

export default async function GpHome() {
  const ctx = await requirePagePermission("care-plan:write");
  // Read at once: each is its own use case (the two lists that name patients each audit their own views).
  const [{ today, upcoming }, afternoon, overdue] = await Promise.all([
    getHomeSummary(ctx, "care-plan:write", { onlyRostered: true }),
    getAfternoonList(ctx, "GP"),
    listHuddleReferrals(ctx, { overdueOnly: true }),
  ]);
  return (
    <>
      <h1 className="text-3xl font-bold">GP</h1>
      <p className="mt-1 text-slate-700">Your afternoon GP list. Patients seen by Talking Therapies come to you after it.</p>
      <MyDayCalendarLink />
      <p className="mt-2">
        <Link href="/reports" className="text-nhs-blue underline">
          Reports
        </Link>
        {": the clinic funnel by practice, and each practice's monthly report."}
      </p>
      {afternoon ? <WaitlistAlert entries={afternoon.waitlist} /> : null}
      <OverdueHuddleReferrals overdue={overdue} />
      <AfternoonList
        title={afternoon?.rostered ? "Your afternoon list" : "This afternoon's list"}
        entries={afternoon?.entries ?? []}
        empty={afternoon ? "Nobody has been routed to this list yet." : "There is no clinic today."}
        progress={{ callIn: callInGpAction, finish: finishGpAction }}
        attendance={{ markAbsent: markGpAbsentAction, undoAbsence: undoGpAbsenceAction }}
      />
      {afternoon && afternoon.entries.length > 0 ? (
        <section className="mt-6" aria-labelledby="care-plans">
          <h2 id="care-plans" className="text-xl font-bold">
            Summaries and care plans
          </h2>
          <ul className="mt-2 space-y-1">
            {afternoon.entries.map((e) => (
              <li key={e.appointmentId}>
                {formatLondon(e.startsAt, "HH:mm")}{" "}
                <Link href={`/gp/patients/${e.patientId}`} className="font-semibold text-nhs-blue underline">
                  {e.name}: summary and care plan
                </Link>
                {" · "}
                <Link href={`/gp/patients/${e.patientId}#bring-to-huddle`} className="text-nhs-blue underline">
                  Bring {e.name} to the huddle
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
