import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { updateClinicTemplateSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { checkTemplateSessions } from "@/lib/services/clinics/internal/check-template-sessions";
import type { ServiceContext } from "@/lib/db/context";

/**
 * Changes a template's name and sessions. Clinic days already created keep
 * their own copy of the sessions; only days created afterwards use the change.
 */
export async function updateClinicTemplate(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "template:manage");
  const data = parseInput(updateClinicTemplateSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const template = await tx.clinicTemplate.findUnique({ where: { id: data.templateId }, include: { clinic: true } });
    if (!template || template.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic template was not found");
    await checkTemplateSessions(tx, { pcnId: ctx.actor.pcnId, siteId: template.clinic.siteId }, data.sessions);
    await tx.clinicTemplate.update({
      where: { id: template.id },
      data: { name: data.name, sessions: data.sessions as Prisma.InputJsonValue },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "clinic-template.update",
      entityType: "ClinicTemplate",
      entityId: template.id,
      request: ctx.request,
      details: { before: { name: template.name, sessions: template.sessions }, after: { name: data.name } } as Prisma.InputJsonValue,
    });
    return { id: template.id };
  });
}
