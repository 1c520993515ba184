import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";

export type PracticeOption = { id: string; name: string; odsCode: string };

/** The practices of the actor's PCN, for choosing a patient's registered practice. */
export async function listPractices(ctx: ServiceContext): Promise<PracticeOption[]> {
  assertPermission(ctx.actor, "patient:view");
  return ctx.db.practice.findMany({
    where: { pcnId: ctx.actor.pcnId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, odsCode: true },
  });
}
