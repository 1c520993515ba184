import { assertPermission } from "@/lib/auth/permissions";
import { finaliseProblems } from "@/lib/care-plan";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { carePlanDraftSchemaFor } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { therapistRecommendations } from "@/lib/services/care-plans/internal/care-plan-records";
import { DRAFT_TAKEN, writeDraft } from "@/lib/services/care-plans/internal/care-plan-draft";

export type FinalisedCarePlan = {
  carePlanId: string;
  version: number;
  supersededId: string | null;
  reviewClinicDayId: string | null;
  onReviewList: boolean;
};

/**
 * Saves the GP's form and finalises it in one transaction: refused (and nothing
 * saved) unless it names the key worker and a review date not in the past,
 * decides every one of the therapist's recommendations, and says what matters
 * with a goal or an action. The review is booked into the chosen future clinic
 * day of the clinic, or, with none chosen, the plan goes on the review list
 * (reception books it from the clinic day's "Reviews due"). Finalising version
 * n+1 marks version n SUPERSEDED.
 */
export async function finaliseCarePlan(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<FinalisedCarePlan> {
  assertPermission(ctx.actor, "care-plan:write");
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  const draft = parseInput(carePlanDraftSchemaFor(today), input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const { plan, content, changed } = await writeDraft(tx, ctx, draft, today);
      const problems = finaliseProblems(content, { today, therapistRecommendations: await therapistRecommendations(tx, plan.patientId) });
      if (problems.length > 0) {
        throw new AppError("VALIDATION", problems[0].message, { fieldErrors: Object.fromEntries(problems.map((p) => [p.field, p.message])) });
      }
      let supersededId: string | null = null;
      if (plan.previousVersionId) {
        // Before the new one becomes FINAL: the database allows one final plan per patient.
        const { count } = await tx.carePlan.updateMany({ where: { id: plan.previousVersionId, status: "FINAL" }, data: { status: "SUPERSEDED" } });
        if (count === 1) supersededId = plan.previousVersionId;
      }
      await tx.carePlan.update({ where: { id: plan.id }, data: { status: "FINAL", finalisedAt: now, finalisedById: ctx.actor.id } });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "care-plan.finalise",
        patientId: plan.patientId,
        entityType: "CarePlan",
        entityId: plan.id,
        request: ctx.request,
        details: {
          version: plan.version,
          changed,
          supersedes: supersededId,
          reviewClinicDayId: content.reviewClinicDayId,
          nextReviewDate: content.nextReviewDate,
        },
      });
      return {
        carePlanId: plan.id,
        version: plan.version,
        supersededId,
        reviewClinicDayId: content.reviewClinicDayId,
        onReviewList: !content.reviewClinicDayId,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", DRAFT_TAKEN);
    throw error;
  }
}
