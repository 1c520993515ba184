import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { clinicTemplateSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { checkTemplateSessions } from "@/lib/services/clinics/internal/check-template-sessions";
import type { ServiceContext } from "@/lib/db/context";

export async function createClinicTemplate(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "template:manage");
  const data = parseInput(clinicTemplateSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const clinic = await tx.clinic.findUnique({ where: { id: data.clinicId } });
    if (!clinic || clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic was not found");
    await checkTemplateSessions(tx, { pcnId: ctx.actor.pcnId, siteId: clinic.siteId }, data.sessions);
    const template = await tx.clinicTemplate.create({
      data: { clinicId: data.clinicId, name: data.name, sessions: data.sessions as Prisma.InputJsonValue },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "clinic-template.create",
      entityType: "ClinicTemplate",
      entityId: template.id,
      request: ctx.request,
    });
    return template;
  });
}
