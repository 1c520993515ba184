import type { Metadata } from "next";
import { ClinicDayList } from "@/components/clinic-day-list";
import { requirePagePermission } from "@/lib/auth/guard";
import { homeSummary } from "@/lib/services/home-summary";

export const metadata: Metadata = { title: "Talking Therapies" };

export default async function TherapiesHome() {
  const ctx = await requirePagePermission("triage:record");
  const { today, upcoming } = await homeSummary(ctx, "triage:record", { onlyRostered: true });
  return (
    <>
      <h1 className="text-3xl font-bold">Talking Therapies</h1>
      <p className="mt-1 text-slate-700">Your afternoon Talking Therapies sessions.</p>
      <ClinicDayList title="Today" days={today} empty="There is no clinic today." highlightStaffId={ctx.actor.id} />
      <ClinicDayList title="Your upcoming clinic days" days={upcoming} empty="No upcoming clinic days are scheduled." highlightStaffId={ctx.actor.id} />
    </>
  );
}
