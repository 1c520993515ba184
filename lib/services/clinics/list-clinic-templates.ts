import { assertPermission } from "@/lib/auth/permissions";
import type { TemplateSession } from "@/lib/validation/clinic-day";
import type { ServiceContext } from "@/lib/db/context";
import { sessionsOf } from "@/lib/services/clinics/internal/template-sessions";

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
