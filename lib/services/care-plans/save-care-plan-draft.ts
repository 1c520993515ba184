import { assertPermission } from "@/lib/auth/permissions";
import type { CarePlanContent } from "@/lib/care-plan";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { carePlanDraftSchemaFor } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { writeDraft, DRAFT_TAKEN } from "@/lib/services/care-plans/internal/care-plan-draft";

export type SavedDraft = { carePlanId: string; version: number; changed: Array<keyof CarePlanContent> };

/** Saves the GP's draft care plan (any field may still be empty; dates already passed are refused). */
export async function saveCarePlanDraft(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<SavedDraft> {
  assertPermission(ctx.actor, "care-plan:write");
  const today = londonToday(clock.now ?? new Date());
  const draft = parseInput(carePlanDraftSchemaFor(today), input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const { plan, changed } = await writeDraft(tx, ctx, draft, today);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "care-plan.save-draft",
        patientId: plan.patientId,
        entityType: "CarePlan",
        entityId: plan.id,
        request: ctx.request,
        details: { version: plan.version, changed },
      });
      return { carePlanId: plan.id, version: plan.version, changed };
    });
  } catch (error) {
    // Two first drafts at once: the partial unique index lets one in.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", DRAFT_TAKEN);
    throw error;
  }
}
