import { assertPermission } from "@/lib/auth/permissions";
import { londonToday } from "@/lib/schedule";
import type { ServiceContext } from "@/lib/db/context";

/** Counts for the clinic lead's home page, computed in the database. */
export async function getClinicOverview(ctx: ServiceContext) {
  assertPermission(ctx.actor, "staff:manage");
  const pcnId = ctx.actor.pcnId;
  const [patients, activeStaff, practices, upcomingDays] = await Promise.all([
    ctx.db.patient.count({ where: { practice: { pcnId } } }),
    ctx.db.staffUser.count({ where: { pcnId, active: true } }),
    ctx.db.practice.count({ where: { pcnId } }),
    ctx.db.clinicDay.count({ where: { clinic: { pcnId }, status: "SCHEDULED", date: { gte: new Date(`${londonToday()}T00:00:00Z`) } } }),
  ]);
  return { patients, activeStaff, practices, upcomingDays };
}
