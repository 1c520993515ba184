import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { clinicSchema, clinicTemplateSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import { checkTemplateSessions } from "./check-template-sessions";
import type { ServiceContext } from "./context";

export { clinicSchema, clinicTemplateSchema };

export async function createClinic(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "template:manage");
  const data = parseInput(clinicSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: data.siteId } });
    if (!site || site.pcnId !== ctx.actor.pcnId) throw new AppError("VALIDATION", "Choose a site of your PCN");
    const clinic = await tx.clinic.create({ data: { ...data, pcnId: ctx.actor.pcnId }, select: { id: true } });
    await recordAudit(tx, { actor: ctx.actor, action: "clinic.create", entityType: "Clinic", entityId: clinic.id, request: ctx.request });
    return clinic;
  });
}

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
    await recordAudit(tx, { actor: ctx.actor, action: "clinic-template.create", entityType: "ClinicTemplate", entityId: template.id, request: ctx.request });
    return template;
  });
}
