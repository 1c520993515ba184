import { z } from "zod";
import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { templateSessionsSchema } from "@/lib/validation/clinic-day";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";

export const clinicSchema = z.object({
  name: z.string().trim().min(1, "Name the clinic").max(120),
  siteId: uuidSchema,
  phq4Threshold: z.coerce.number().int().min(1).max(12).default(3),
  handoverGapMinutes: z.coerce.number().int().min(0).max(120).default(10),
  waitingLimitMinutes: z.coerce.number().int().min(5).max(240).default(30),
});

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

export const clinicTemplateSchema = z.object({
  clinicId: uuidSchema,
  name: z.string().trim().min(1, "Name the template").max(120),
  sessions: templateSessionsSchema,
});

export async function createClinicTemplate(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "template:manage");
  const data = parseInput(clinicTemplateSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const clinic = await tx.clinic.findUnique({ where: { id: data.clinicId } });
    if (!clinic || clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic was not found");
    const staffIds = [...new Set(data.sessions.flatMap((s) => s.staffIds))];
    const staff = await tx.staffUser.count({ where: { id: { in: staffIds }, pcnId: ctx.actor.pcnId, active: true } });
    if (staff !== staffIds.length) throw new AppError("VALIDATION", "Roster only active staff of your PCN");
    const template = await tx.clinicTemplate.create({
      data: { clinicId: data.clinicId, name: data.name, sessions: data.sessions as Prisma.InputJsonValue },
      select: { id: true },
    });
    await recordAudit(tx, { actor: ctx.actor, action: "clinic-template.create", entityType: "ClinicTemplate", entityId: template.id, request: ctx.request });
    return template;
  });
}
