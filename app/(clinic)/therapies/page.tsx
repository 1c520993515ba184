import type { Metadata } from "next";
import Link from "next/link";
import { AfternoonList, WaitlistAlert } from "@/components/afternoon-list";
import { ClinicDayList } from "@/components/clinic-day-list";
import { requirePagePermission } from "@/lib/auth/guard";
import { getAfternoonList } from "@/lib/services/afternoons/get-afternoon-list";
import { getHomeSummary } from "@/lib/services/home/get-home-summary";
import { callInTherapyAction, finishTherapyAction, markTherapyAbsentAction, undoTherapyAbsenceAction } from "./actions";
import { MyDayCalendarLink } from "@/components/my-day-calendar-link";

export const metadata: Metadata = { title: "Talking Therapies" };

export default async function TherapiesHome() {
  const ctx = await requirePagePermission("triage:record");
  const [{ today, upcoming }, afternoon] = await Promise.all([
    getHomeSummary(ctx, "triage:record", { onlyRostered: true }),
    getAfternoonList(ctx, "TALKING_THERAPIES"),
  ]);
  return (
    <>
      <h1 className="text-3xl font-bold">Talking Therapies</h1>
      <p className="mt-1 text-slate-700">Your afternoon Talking Therapies list, filled by the morning&apos;s PHQ-4 routing.</p>
      <MyDayCalendarLink />
      {afternoon ? <WaitlistAlert entries={afternoon.waitlist} waitlistHref="/waitlist" /> : null}
      <AfternoonList
        title={afternoon?.rostered ? "Your afternoon list" : "This afternoon's list"}
        entries={afternoon?.entries ?? []}
        empty={afternoon ? "Nobody has been routed to this list yet." : "There is no clinic today."}
        progress={{ callIn: callInTherapyAction, finish: finishTherapyAction }}
        attendance={{ markAbsent: markTherapyAbsentAction, undoAbsence: undoTherapyAbsenceAction }}
        patientHref={(appointmentId) => `/therapies/appointments/${appointmentId}`}
      />
      <p className="mt-2 text-slate-700">Open a patient to see their PHQ-4, conditions and wrap-around results, and to record the triage.</p>
      <p className="mt-3">
        {afternoon ? (
          <>
            <Link href={`/clinic-days/${afternoon.clinicDayId}/routing`} className="text-nhs-blue underline">
              Change a patient&apos;s routing or move an appointment
            </Link>
            {" · "}
          </>
        ) : null}
        <Link href="/waitlist" className="text-nhs-blue underline">
          Open the waitlist
        </Link>
        {" · "}
        <Link href="/therapies/referrals" className="text-nhs-blue underline">
          Referrals
        </Link>
      </p>
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
