import { carePlanTransition, changedFields } from "@/lib/care-plan";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { type CarePlanDraft } from "@/lib/validation/care-plan";
import {
  checkKeyWorker,
  checkReviewDay,
  columnsOf,
  contentOf,
  contentOfDraft,
  loadPatient,
  planClinicDay,
} from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";

export const DRAFT_TAKEN = "Someone else started a draft of this patient’s care plan a moment ago. Reload the page to continue that draft.";

/**
 * Writes the draft's content (creating version 1 when the patient has no plan)
 * inside the caller's transaction. Only a DRAFT changes: a final plan is locked
 * and a replaced version never changes.
 */
export async function writeDraft(tx: DbTx, ctx: ServiceContext, draft: CarePlanDraft, today: string) {
  await loadPatient(tx, ctx.actor.pcnId, draft.patientId);
  const plans = await tx.carePlan.findMany({
    where: { patientId: draft.patientId },
    include: { clinicDay: { select: { id: true, clinicId: true } } },
    orderBy: { version: "desc" },
  });
  const content = contentOfDraft(draft);
  let existing = plans.find((p) => p.status === "DRAFT") ?? null;
  if (draft.carePlanId) {
    const target = plans.find((p) => p.id === draft.carePlanId);
    if (!target) throw new AppError("NOT_FOUND", "That care plan was not found");
    const transition = carePlanTransition(target.status, "save");
    if (!transition.ok) throw new AppError("CONFLICT", transition.message);
    existing = target;
  } else if (existing) {
    throw new AppError("CONFLICT", DRAFT_TAKEN);
  } else if (plans.some((p) => p.status === "FINAL")) {
    const locked = carePlanTransition("FINAL", "save");
    throw new AppError("CONFLICT", locked.ok ? DRAFT_TAKEN : locked.message);
  }

  await checkKeyWorker(tx, ctx.actor.pcnId, content.keyWorkerId);
  const madeAt = existing ? (existing.clinicDay ?? null) : await planClinicDay(tx, draft.patientId, today);
  await checkReviewDay(tx, ctx.actor.pcnId, content, { today, clinicId: madeAt?.clinicId ?? null });

  if (existing) {
    const changed = changedFields(contentOf(existing), content);
    const plan = await tx.carePlan.update({ where: { id: existing.id }, data: columnsOf(content) });
    return { plan, content, changed };
  }
  const plan = await tx.carePlan.create({
    data: { patientId: draft.patientId, clinicDayId: madeAt?.id ?? null, version: 1, status: "DRAFT", authorId: ctx.actor.id, ...columnsOf(content) },
  });
  return { plan, content, changed: changedFields(null, content) };
}
