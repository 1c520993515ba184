import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { clinicSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

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
