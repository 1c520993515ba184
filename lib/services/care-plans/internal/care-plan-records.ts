/**
 * What the care plan services share: reading a stored plan as plain content,
 * the record-level rule for who may read a plan, and the checks of a key
 * worker and a review clinic day against the database.
 */
import { hasPermission } from "@/lib/auth/permissions";
import { type CarePlanAction, type CarePlanContent, type RecommendationDecision, reviewDayProblem } from "@/lib/care-plan";
import type { DbTx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { CarePlanDraft } from "@/lib/validation/care-plan";
import type { Actor } from "@/lib/db/context";
import { isoDate, dbDate } from "@/lib/schedule/date-only";

type StoredPlan = {
  whatMatters: string | null;
  goals: string | null;
  actions: Prisma.JsonValue;
  recommendations: Prisma.JsonValue;
  keyWorkerId: string | null;
  nextReviewDate: Date | null;
  reviewClinicDayId: string | null;
};

/** The stored JSON columns were validated on the way in (lib/validation/care-plan.ts). */
export function contentOf(plan: StoredPlan): CarePlanContent {
  return {
    whatMatters: plan.whatMatters,
    goals: plan.goals,
    actions: (Array.isArray(plan.actions) ? plan.actions : []) as unknown as CarePlanAction[],
    recommendations: (Array.isArray(plan.recommendations) ? plan.recommendations : []) as unknown as RecommendationDecision[],
    keyWorkerId: plan.keyWorkerId,
    nextReviewDate: isoDate(plan.nextReviewDate),
    reviewClinicDayId: plan.reviewClinicDayId,
  };
}

export function contentOfDraft(input: CarePlanDraft): CarePlanContent {
  return {
    whatMatters: input.whatMatters ?? null,
    goals: input.goals ?? null,
    actions: input.actions,
    recommendations: input.recommendations.map((r) => ({ recommendation: r.recommendation, accepted: r.accepted, reason: r.reason ?? null })),
    keyWorkerId: input.keyWorkerId ?? null,
    nextReviewDate: input.nextReviewDate ?? null,
    reviewClinicDayId: input.reviewClinicDayId ?? null,
  };
}

/** The columns a plan's content is stored in. */
export function columnsOf(content: CarePlanContent) {
  return {
    whatMatters: content.whatMatters,
    goals: content.goals,
    actions: content.actions as unknown as Prisma.InputJsonValue,
    recommendations: content.recommendations as unknown as Prisma.InputJsonValue,
    keyWorkerId: content.keyWorkerId,
    nextReviewDate: dbDate(content.nextReviewDate),
    reviewClinicDayId: content.reviewClinicDayId,
  };
}

/**
 * Clinicians read any plan of their PCN; a health buddy (with no other clinical
 * role) reads only the plans naming them as key worker.
 */
export function mayReadPlan(actor: Actor, plan: { keyWorkerId: string | null }): boolean {
  if (!hasPermission(actor.roles, "care-plan:view")) return false;
  if (actor.roles.some((r) => r === "GP" || r === "THERAPIST" || r === "CLINIC_LEAD")) return true;
  return plan.keyWorkerId === actor.id;
}

/** A patient of the actor's PCN, or NOT_FOUND. */
export async function loadPatient(tx: DbTx, pcnId: string, patientId: string) {
  const patient = await tx.patient.findFirst({ where: { id: patientId, practice: { pcnId } }, include: { practice: { select: { name: true } } } });
  if (!patient) throw new AppError("NOT_FOUND", "That patient was not found");
  return patient;
}

/** The therapist's recommendations from the patient's latest triage outcome. */
export async function therapistRecommendations(tx: DbTx, patientId: string): Promise<string[]> {
  const triage = await tx.triageOutcome.findFirst({ where: { patientId }, orderBy: { recordedAt: "desc" }, select: { recommendations: true } });
  return triage?.recommendations.filter((r) => r.trim()) ?? [];
}

/**
 * The key worker must be an active health buddy of the PCN. The row is locked
 * FOR SHARE until the plan is stored: a deactivation of that person at the
 * same moment either waits and then finds this plan naming them (and is
 * refused), or goes first and this finds them inactive.
 */
export async function checkKeyWorker(tx: DbTx, pcnId: string, keyWorkerId: string | null): Promise<void> {
  if (!keyWorkerId) return;
  const [person] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "StaffUser"
    WHERE id = ${keyWorkerId}::uuid AND "pcnId" = ${pcnId}::uuid AND active AND 'HEALTH_BUDDY'::"Role" = ANY(roles)
    FOR SHARE`;
  if (!person) {
    const message = "Choose a health buddy of this PCN as the key worker";
    throw new AppError("VALIDATION", message, { fieldErrors: { keyWorkerId: message } });
  }
}

/**
 * A booked review goes into a scheduled clinic day after today, of the clinic
 * the plan was made at (any clinic of the PCN when it was made elsewhere), on
 * or after the review date.
 */
export async function checkReviewDay(
  tx: DbTx,
  pcnId: string,
  content: CarePlanContent,
  context: { today: string; clinicId: string | null },
): Promise<void> {
  if (!content.reviewClinicDayId) return;
  const day = await tx.clinicDay.findFirst({
    where: { id: content.reviewClinicDayId, status: "SCHEDULED", clinic: { pcnId, ...(context.clinicId ? { id: context.clinicId } : {}) } },
    select: { date: true },
  });
  const problem = day
    ? reviewDayProblem(content.nextReviewDate, isoDate(day.date)!, context.today)
    : "Choose a scheduled clinic day of this clinic for the review";
  if (problem) throw new AppError("VALIDATION", problem, { fieldErrors: { reviewClinicDayId: problem } });
}

/** The clinic day the plan is made at: the patient's latest GP appointment on or before today. */
export async function planClinicDay(tx: DbTx, patientId: string, today: string) {
  const appointment = await tx.appointment.findFirst({
    where: { patientId, kind: "GP", status: { notIn: ["CANCELLED", "ENTERED_IN_ERROR"] }, clinicDay: { date: { lte: dbDate(today)! } } },
    orderBy: { clinicDay: { date: "desc" } },
    select: { clinicDay: { select: { id: true, clinicId: true } } },
  });
  return appointment?.clinicDay ?? null;
}
