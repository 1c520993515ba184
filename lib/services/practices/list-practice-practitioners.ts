import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";

export type PracticePractitioners = {
  practices: Array<{ id: string; odsCode: string; name: string; practitioner: { id: string; name: string; active: boolean } | null }>;
  /** Active Talking Therapies clinicians of the PCN, who may be named. */
  therapists: Array<{ id: string; name: string }>;
};

/** The PCN's practices with their named Talking Therapies practitioner, and who may be named. No patient data: not audited. */
export async function listPracticePractitioners(ctx: ServiceContext): Promise<PracticePractitioners> {
  assertPermission(ctx.actor, "practice:manage");
  const pcnId = ctx.actor.pcnId;
  const [practices, therapists] = await ctx.db.$transaction([
    ctx.db.practice.findMany({
      where: { pcnId },
      orderBy: { name: "asc" },
      select: { id: true, odsCode: true, name: true, talkingTherapiesPractitioner: { select: { id: true, name: true, active: true } } },
    }),
    ctx.db.staffUser.findMany({
      where: { pcnId, active: true, roles: { has: "THERAPIST" } },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
  return {
    practices: practices.map(({ talkingTherapiesPractitioner, ...p }) => ({ ...p, practitioner: talkingTherapiesPractitioner })),
    therapists,
  };
}
