import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";

/** Active templates of the PCN, for choosing one when creating clinic days. */
export async function listClinicDayTemplates(ctx: ServiceContext) {
  assertPermission(ctx.actor, "clinic-day:manage");
  const templates = await ctx.db.clinicTemplate.findMany({
    where: { active: true, clinic: { pcnId: ctx.actor.pcnId } },
    orderBy: [{ clinic: { name: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, clinic: { select: { name: true } } },
  });
  return templates.map((t) => ({ id: t.id, label: `${t.name} (${t.clinic.name})` }));
}
