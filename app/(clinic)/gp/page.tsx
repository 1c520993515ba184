import type { Metadata } from "next";
import { ClinicDayList } from "@/components/clinic-day-list";
import { requirePagePermission } from "@/lib/auth/guard";
import { homeSummary } from "@/lib/services/home-summary";

export const metadata: Metadata = { title: "GP" };

export default async function GpHome() {
  const ctx = await requirePagePermission("care-plan:write");
  const { today, upcoming } = await homeSummary(ctx, "care-plan:write", { onlyRostered: true });
  return (
    <>
      <h1 className="text-3xl font-bold">GP</h1>
      <p className="mt-1 text-slate-700">Your afternoon GP sessions and care plans.</p>
      <ClinicDayList title="Today" days={today} empty="There is no clinic today." highlightStaffId={ctx.actor.id} />
      <ClinicDayList title="Your upcoming clinic days" days={upcoming} empty="No upcoming clinic days are scheduled." highlightStaffId={ctx.actor.id} />
    </>
  );
}
