import type { Metadata } from "next";
import Link from "next/link";
import { ClinicDayList } from "@/components/clinic-day-list";
import { StatCards } from "@/components/ui/stat-cards";
import { requirePagePermission } from "@/lib/auth/guard";
import { OverdueHuddleReferrals } from "@/components/huddle/overdue-referrals";
import { listHuddleReferrals } from "@/lib/services/huddles/list-huddle-referrals";
import { getClinicOverview } from "@/lib/services/home/get-clinic-overview";
import { getHomeSummary } from "@/lib/services/home/get-home-summary";
import { MyDayCalendarLink } from "@/components/my-day-calendar-link";

export const metadata: Metadata = { title: "Clinic lead" };

export default async function LeadHome() {
  const ctx = await requirePagePermission("staff:manage");
  const [{ today, upcoming }, overview, overdue] = await Promise.all([
    getHomeSummary(ctx, "staff:manage", { upcoming: 8 }),
    getClinicOverview(ctx),
    listHuddleReferrals(ctx, { overdueOnly: true }),
  ]);
  return (
    <>
      <h1 className="text-3xl font-bold">Clinic lead</h1>
      <p className="mt-1 text-slate-700">The clinic at a glance: clinic days, staff and the patient register.</p>
      <MyDayCalendarLink />
      <OverdueHuddleReferrals overdue={overdue} />
      <StatCards
        className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4"
        items={[
          ["Patients on the register", overview.patients],
          ["Active staff", overview.activeStaff],
          ["Practices", overview.practices],
          ["Clinic days ahead", overview.upcomingDays],
        ]}
      />
      <p className="mt-4">
        {today
          .filter((d) => d.status === "SCHEDULED")
          .map((d) => (
            <span key={d.id}>
              <Link href={`/clinic-days/${d.id}/routing`} className="text-nhs-blue underline">
                Today&apos;s afternoon routing{today.length > 1 ? ` (${d.clinicName})` : ""}
              </Link>
              {" · "}
            </span>
          ))}
        <Link href="/waitlist" className="text-nhs-blue underline">
          Open the waitlist
        </Link>
        {" · "}
        <Link href="/lead/caseload" className="text-nhs-blue underline">
          Key-worker caseloads
        </Link>
        {" · "}
        <Link href="/lead/reminders" className="text-nhs-blue underline">
          Appointment reminders
        </Link>
        {" · "}
        <Link href="/lead/languages" className="text-nhs-blue underline">
          Languages
        </Link>
        {" · "}
        <Link href="/lead/instruments" className="text-nhs-blue underline">
          Questionnaires
        </Link>
        {" · "}
        <Link href="/reports" className="text-nhs-blue underline">
          Reports
        </Link>
        {" · "}
        <Link href="/lead/practices" className="text-nhs-blue underline">
          Practices&apos; Talking Therapies practitioners
        </Link>
      </p>
      <ClinicDayList title="Today" days={today} empty="There is no clinic today." />
      <ClinicDayList title="Upcoming clinic days" days={upcoming} empty="No upcoming clinic days are scheduled." />
    </>
  );
}
