import { followUpStatus } from "@/lib/care-plan/follow-up";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { instantToLondonDate } from "@/lib/schedule";
import { isoDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";

export const NOT_ON_CASELOAD = "That patient is not on your caseload";

/** The final plan naming the actor as key worker for this patient, or NOT_FOUND: the record-level check. */
export async function loadOwnPlan(tx: DbTx, ctx: ServiceContext, patientId: string) {
  const plan = await tx.carePlan.findFirst({
    where: { patientId, status: "FINAL", keyWorkerId: ctx.actor.id, patient: { practice: { pcnId: ctx.actor.pcnId } } },
    include: {
      patient: true,
      reviewClinicDay: { select: { date: true } },
      author: { select: { name: true } },
      finalisedBy: { select: { name: true } },
    },
  });
  if (!plan || !plan.nextReviewDate || !plan.finalisedAt) throw new AppError("NOT_FOUND", NOT_ON_CASELOAD);
  return { ...plan, nextReviewDate: plan.nextReviewDate, finalisedAt: plan.finalisedAt };
}

/** Where the key worker's contacts stand for one final plan, from its latest contact. */
export function statusOf(
  plan: { finalisedAt: Date; nextReviewDate: Date; reviewedAt: Date | null },
  last: { contactedAt: Date; nextContactDue: Date | null } | undefined,
  today: string,
) {
  return followUpStatus({
    finalisedOn: instantToLondonDate(plan.finalisedAt),
    nextReviewDate: isoDate(plan.nextReviewDate)!,
    reviewed: Boolean(plan.reviewedAt),
    lastContact: last ? { contactedOn: instantToLondonDate(last.contactedAt), nextContactDue: isoDate(last.nextContactDue) } : null,
    today,
  });
}
