import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { clinicSettingsSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

/** Changes a clinic's rules: the handover gap before the GP and the PHQ-4 threshold. */
export async function updateClinic(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "template:manage");
  const data = parseInput(clinicSettingsSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const clinic = await tx.clinic.findUnique({ where: { id: data.clinicId } });
    if (!clinic || clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic was not found");
    await tx.clinic.update({
      where: { id: clinic.id },
      data: { handoverGapMinutes: data.handoverGapMinutes, phq4Threshold: data.phq4Threshold, waitingLimitMinutes: data.waitingLimitMinutes },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "clinic.update",
      entityType: "Clinic",
      entityId: clinic.id,
      request: ctx.request,
      details: {
        before: {
          handoverGapMinutes: clinic.handoverGapMinutes,
          phq4Threshold: clinic.phq4Threshold,
          waitingLimitMinutes: clinic.waitingLimitMinutes,
        },
        after: { handoverGapMinutes: data.handoverGapMinutes, phq4Threshold: data.phq4Threshold, waitingLimitMinutes: data.waitingLimitMinutes },
      },
    });
    return { id: clinic.id };
  });
}
