import { assertPermission } from "@/lib/auth/permissions";
import type { MentalHealthService, Role } from "@/lib/db/generated/enums";
import type { ServiceContext } from "@/lib/db/context";

export type StaffMember = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  /** The service a mental health partner represents (its name when "other"). */
  partnerService: MentalHealthService | null;
  partnerServiceName: string | null;
  active: boolean;
  lastSignInAt: Date | null;
  openSessions: number;
  /** Patients whose current care plan (final, or a draft) names them as key worker. */
  keyWorkerPatients: number;
};

/** The PCN's staff with how many sessions each has open and how many patients each is key worker to, for the clinic lead. */
export async function listStaff(ctx: ServiceContext): Promise<StaffMember[]> {
  assertPermission(ctx.actor, "staff:manage");
  const now = new Date();
  const staff = await ctx.db.staffUser.findMany({
    where: { pcnId: ctx.actor.pcnId },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      roles: true,
      partnerService: true,
      partnerServiceName: true,
      active: true,
      lastSignInAt: true,
      sessionVersion: true,
      authSessions: { where: { endedAt: null, expiresAt: { gt: now } }, select: { version: true } },
    },
  });
  const plans = await ctx.db.carePlan.findMany({
    where: { status: { in: ["FINAL", "DRAFT"] }, keyWorkerId: { not: null }, patient: { practice: { pcnId: ctx.actor.pcnId } } },
    select: { keyWorkerId: true, patientId: true },
  });
  const patientsOf = new Map<string, Set<string>>();
  for (const p of plans) patientsOf.set(p.keyWorkerId!, (patientsOf.get(p.keyWorkerId!) ?? new Set()).add(p.patientId));
  return staff.map(({ authSessions, sessionVersion, ...person }) => ({
    ...person,
    openSessions: authSessions.filter((s) => s.version === sessionVersion).length,
    keyWorkerPatients: patientsOf.get(person.id)?.size ?? 0,
  }));
}
