import { type Permission, assertPermission } from "@/lib/auth/permissions";
import { londonToday } from "@/lib/schedule";
import type { ServiceContext } from "@/lib/db/context";
import { listClinicDays, type ClinicDaySummary } from "@/lib/services/clinic-days/list-clinic-days";

export type HomeSummary = { today: ClinicDaySummary[]; upcoming: ClinicDaySummary[]; todayDate: string };

/** Today's and the next clinic days, for a role's home page. */
export async function getHomeSummary(
  ctx: ServiceContext,
  permission: Permission,
  options: { onlyRostered?: boolean; upcoming?: number } = {},
): Promise<HomeSummary> {
  assertPermission(ctx.actor, permission);
  const todayDate = londonToday();
  const days = await listClinicDays(ctx, { from: todayDate, limit: 30 });
  const mine = options.onlyRostered ? days.filter((d) => d.rostered) : days;
  return {
    todayDate,
    today: days.filter((d) => d.date === todayDate),
    upcoming: mine.filter((d) => d.date > todayDate).slice(0, options.upcoming ?? 4),
  };
}
