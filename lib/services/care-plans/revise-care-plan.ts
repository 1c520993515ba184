import { assertPermission } from "@/lib/auth/permissions";
import { revisedVersion } from "@/lib/care-plan";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { reviseCarePlanSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { columnsOf, contentOf, planClinicDay } from "@/lib/services/care-plans/internal/care-plan-records";

const ALREADY = "A new version of this care plan is already being drafted: continue that draft.";

/**
 * Starts version n+1 of a final care plan: a DRAFT carrying its content and the
 * reason for the change. The final version stays in force (and the key worker's
 * caseload keeps it) until the new version is finalised.
 */
export async function reviseCarePlan(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ carePlanId: string; version: number }> {
  assertPermission(ctx.actor, "care-plan:write");
  const { carePlanId, changeReason } = parseInput(reviseCarePlanSchema, input);
  const today = londonToday(clock.now ?? new Date());
  try {
    return await ctx.db.$transaction(async (tx) => {
      const plan = await tx.carePlan.findFirst({ where: { id: carePlanId, patient: { practice: { pcnId: ctx.actor.pcnId } } } });
      if (!plan) throw new AppError("NOT_FOUND", "That care plan was not found");
      const next = revisedVersion(plan, changeReason);
      if (!next.ok) throw new AppError("CONFLICT", next.message);
      if (await tx.carePlan.count({ where: { patientId: plan.patientId, status: "DRAFT" } })) throw new AppError("CONFLICT", ALREADY);
      const madeAt = await planClinicDay(tx, plan.patientId, today);
      const created = await tx.carePlan.create({
        data: {
          patientId: plan.patientId,
          clinicDayId: madeAt?.id ?? plan.clinicDayId,
          version: next.version,
          status: "DRAFT",
          previousVersionId: next.previousVersionId,
          changeReason: next.changeReason,
          authorId: ctx.actor.id,
          ...columnsOf(contentOf(plan)),
        },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "care-plan.revise",
        patientId: plan.patientId,
        entityType: "CarePlan",
        entityId: created.id,
        request: ctx.request,
        details: { version: created.version, revises: plan.id, reason: next.changeReason },
      });
      return { carePlanId: created.id, version: created.version };
    });
  } catch (error) {
    // Two revisions at once: one draft per patient, one next version per plan.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", ALREADY);
    throw error;
  }
}
