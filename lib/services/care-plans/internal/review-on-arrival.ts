/**
 * The planned review counts as happened when the patient checks in at a clinic
 * day on or after the review date (the day's GP appointment is the review).
 * Stored on the plan (reviewedAt = the check-in time) by the check-in itself,
 * rather than worked out on every read, so the caseload and the reviews list
 * need no appointment history; undoing that check-in clears it again.
 */
import type { DbTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit";
import { dbDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";

export async function markReviewOnArrival(
  tx: DbTx,
  // A member of staff checking the patient in, or the patient through their link (no actor, named by actorEmail).
  ctx: Pick<ServiceContext, "request"> & { actor: ServiceContext["actor"] | null; actorEmail?: string },
  arrival: { patientId: string; date: string; at: Date; appointmentId: string },
): Promise<void> {
  const plans = await tx.carePlan.findMany({
    where: { patientId: arrival.patientId, status: "FINAL", reviewedAt: null, nextReviewDate: { lte: dbDate(arrival.date)! } },
    select: { id: true },
  });
  if (plans.length === 0) return;
  await tx.carePlan.updateMany({ where: { id: { in: plans.map((p) => p.id) } }, data: { reviewedAt: arrival.at } });
  await recordAudit(tx, {
    actor: ctx.actor,
    actorEmail: ctx.actorEmail,
    action: "care-plan.review-attended",
    patientId: arrival.patientId,
    entityType: "CarePlan",
    entityId: plans[0].id,
    request: ctx.request,
    details: { appointmentId: arrival.appointmentId },
  });
}

export async function undoReviewOnArrival(
  tx: DbTx,
  ctx: ServiceContext,
  arrival: { patientId: string; checkedInAt: Date | null; appointmentId: string },
): Promise<void> {
  if (!arrival.checkedInAt) return;
  const { count } = await tx.carePlan.updateMany({
    where: { patientId: arrival.patientId, reviewedAt: arrival.checkedInAt },
    data: { reviewedAt: null },
  });
  if (count === 0) return;
  await recordAudit(tx, {
    actor: ctx.actor,
    action: "care-plan.review-attended-undone",
    patientId: arrival.patientId,
    entityType: "Appointment",
    entityId: arrival.appointmentId,
    request: ctx.request,
  });
}
