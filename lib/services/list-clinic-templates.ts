import { assertPermission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { templateSessionsSchema, type TemplateSession } from "@/lib/validation/clinic-day";
import type { ServiceContext } from "./context";

export type TemplateSummary = { id: string; name: string; active: boolean; updatedAt: Date; sessions: TemplateSession[] };
export type ClinicWithTemplates = {
  id: string;
  name: string;
  siteId: string;
  siteName: string;
  handoverGapMinutes: number;
  phq4Threshold: number;
  waitingLimitMinutes: number;
  templates: TemplateSummary[];
};

function sessionsOf(json: unknown): TemplateSession[] {
  const parsed = templateSessionsSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** The PCN's clinics with their templates and rules, for the clinic lead. */
export async function listClinicTemplates(ctx: ServiceContext): Promise<ClinicWithTemplates[]> {
  assertPermission(ctx.actor, "template:manage");
  const clinics = await ctx.db.clinic.findMany({
    where: { pcnId: ctx.actor.pcnId },
    orderBy: { name: "asc" },
    include: { site: true, templates: { orderBy: { name: "asc" } } },
  });
  return clinics.map((c) => ({
    id: c.id,
    name: c.name,
    siteId: c.siteId,
    siteName: c.site.name,
    handoverGapMinutes: c.handoverGapMinutes,
    phq4Threshold: c.phq4Threshold,
    waitingLimitMinutes: c.waitingLimitMinutes,
    templates: c.templates.map((t) => ({ id: t.id, name: t.name, active: t.active, updatedAt: t.updatedAt, sessions: sessionsOf(t.sessions) })),
  }));
}

export type TemplateEditorOptions = {
  clinics: Array<{ id: string; name: string; siteId: string }>;
  rooms: Array<{ id: string; name: string; siteId: string }>;
  staff: Array<{ id: string; name: string; roles: Role[] }>;
};

/** What the template form offers: the PCN's clinics, their sites' rooms and active staff. */
export async function templateEditorOptions(ctx: ServiceContext): Promise<TemplateEditorOptions> {
  assertPermission(ctx.actor, "template:manage");
  const pcnId = ctx.actor.pcnId;
  const [clinics, rooms, staff] = await Promise.all([
    ctx.db.clinic.findMany({ where: { pcnId }, orderBy: { name: "asc" }, select: { id: true, name: true, siteId: true } }),
    ctx.db.room.findMany({ where: { site: { pcnId } }, orderBy: { name: "asc" }, select: { id: true, name: true, siteId: true } }),
    ctx.db.staffUser.findMany({ where: { pcnId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, roles: true } }),
  ]);
  return { clinics, rooms, staff };
}

/** One template for the edit form. */
export async function getClinicTemplate(ctx: ServiceContext, id: string) {
  assertPermission(ctx.actor, "template:manage");
  const template = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db.clinicTemplate.findUnique({ where: { id }, include: { clinic: true } })
    : null;
  if (!template || template.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic template was not found");
  return { id: template.id, name: template.name, clinicId: template.clinicId, clinicName: template.clinic.name, sessions: sessionsOf(template.sessions) };
}
