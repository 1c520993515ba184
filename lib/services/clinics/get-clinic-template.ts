import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import type { ServiceContext } from "@/lib/db/context";
import { sessionsOf } from "@/lib/services/clinics/internal/template-sessions";

/** One template for the edit form. */
export async function getClinicTemplate(ctx: ServiceContext, id: string) {
  assertPermission(ctx.actor, "template:manage");
  const template = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.clinicTemplate.findUnique({ where: { id }, include: { clinic: true } }) : null;
  if (!template || template.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic template was not found");
  return {
    id: template.id,
    name: template.name,
    clinicId: template.clinicId,
    clinicName: template.clinic.name,
    sessions: sessionsOf(template.sessions),
  };
}
