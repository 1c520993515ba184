import { assertPermission } from "@/lib/auth/permissions";
import { changedFields, CONTENT_FIELD_LABELS, type CarePlanStatus } from "@/lib/care-plan";
import { AppError } from "@/lib/errors/app-error";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { contentOf, loadPatient, mayReadPlan } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";

export type CarePlanVersionEntry = {
  id: string;
  version: number;
  status: CarePlanStatus;
  authorName: string;
  createdAt: Date;
  finalisedByName: string | null;
  finalisedAt: Date | null;
  changeReason: string | null;
  /** Labels of the fields this version changed from the one before (all it filled, for version 1). */
  changed: string[];
};

/** Every version of the patient's care plan, newest first: who wrote and finalised it, when, why, and which fields changed. */
export async function getCarePlanHistory(ctx: ServiceContext, input: unknown): Promise<CarePlanVersionEntry[]> {
  assertPermission(ctx.actor, "care-plan:view");
  const { patientId } = parseInput(patientRefSchema, input);
  return ctx.db.$transaction(async (tx) => {
    await loadPatient(tx, ctx.actor.pcnId, patientId);
    const versions = await tx.carePlan.findMany({
      where: { patientId },
      orderBy: { version: "asc" },
      include: { author: { select: { name: true } }, finalisedBy: { select: { name: true } } },
    });
    const current = versions.find((v) => v.status === "FINAL") ?? { keyWorkerId: null };
    if (!mayReadPlan(ctx.actor, current)) throw new AppError("NOT_FOUND", "That care plan was not found");
    const entries = versions.map((v, i) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      authorName: v.author.name,
      createdAt: v.createdAt,
      finalisedByName: v.finalisedBy?.name ?? null,
      finalisedAt: v.finalisedAt,
      changeReason: v.changeReason,
      changed: changedFields(i > 0 ? contentOf(versions[i - 1]) : null, contentOf(v)).map((f) => CONTENT_FIELD_LABELS[f]),
    }));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "care-plan.history.view",
      patientId,
      entityType: "Patient",
      entityId: patientId,
      request: ctx.request,
      details: { versions: versions.length },
    });
    return entries.reverse();
  });
}
