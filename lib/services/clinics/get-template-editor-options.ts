import { assertPermission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import type { ServiceContext } from "@/lib/db/context";

export type TemplateEditorOptions = {
  clinics: Array<{ id: string; name: string; siteId: string }>;
  rooms: Array<{ id: string; name: string; siteId: string }>;
  staff: Array<{ id: string; name: string; roles: Role[] }>;
};

/** What the template form offers: the PCN's clinics, their sites' rooms and active staff. */
export async function getTemplateEditorOptions(ctx: ServiceContext): Promise<TemplateEditorOptions> {
  assertPermission(ctx.actor, "template:manage");
  const pcnId = ctx.actor.pcnId;
  const [clinics, rooms, staff] = await Promise.all([
    ctx.db.clinic.findMany({ where: { pcnId }, orderBy: { name: "asc" }, select: { id: true, name: true, siteId: true } }),
    ctx.db.room.findMany({ where: { site: { pcnId } }, orderBy: { name: "asc" }, select: { id: true, name: true, siteId: true } }),
    ctx.db.staffUser.findMany({ where: { pcnId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, roles: true } }),
  ]);
  return { clinics, rooms, staff };
}
