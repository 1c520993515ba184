import type { Metadata } from "next";
import { ClinicDayList } from "@/components/clinic-day-list";
import { requirePagePermission } from "@/lib/auth/guard";
import { getHomeSummary } from "@/lib/services/home/get-home-summary";
import { MyDayCalendarLink } from "@/components/my-day-calendar-link";

export const metadata: Metadata = { title: "Reception" };

export default async function ReceptionHome() {
  const ctx = await requirePagePermission("appointment:book");
  const { today, upcoming } = await getHomeSummary(ctx, "appointment:book", { onlyRostered: false });
  return (
    <>
      <h1 className="text-3xl font-bold">Reception</h1>
      <p className="mt-1 text-slate-700">Clinic days, bookings and arrivals.</p>
      <MyDayCalendarLink />
      <ClinicDayList title="Today" days={today} empty="There is no clinic today." highlightStaffId={ctx.actor.id} />
      <ClinicDayList title="Upcoming clinic days" days={upcoming} empty="No upcoming clinic days are scheduled." highlightStaffId={ctx.actor.id} />
    </>
  );
}
