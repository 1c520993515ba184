import { assertPermission } from "@/lib/auth/permissions";
import { followUpStatus, type FollowUpStatus } from "@/lib/care-plan/follow-up";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { instantToLondonDate, londonToday } from "@/lib/schedule";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit, recordPatientViews } from "./audit";
import { contentOf, isoDate } from "./care-plan-records";
import type { ServiceContext } from "./context";

export const NOT_ON_CASELOAD = "That patient is not on your caseload";

export type CaseloadEntry = {
  patientId: string;
  carePlanId: string;
  name: string;
  nhsNumber: string;
  nextReviewDate: string;
  reviewClinicDayDate: string | null;
  reviewed: boolean;
  lastContactOn: string | null;
  followUp: FollowUpStatus;
};

/** The final plan naming the actor as key worker for this patient, or NOT_FOUND: the record-level check. */
export async function loadOwnPlan(tx: DbTx, ctx: ServiceContext, patientId: string) {
  const plan = await tx.carePlan.findFirst({
    where: { patientId, status: "FINAL", keyWorkerId: ctx.actor.id, patient: { practice: { pcnId: ctx.actor.pcnId } } },
    include: { patient: true, reviewClinicDay: { select: { date: true } }, author: { select: { name: true } }, finalisedBy: { select: { name: true } } },
  });
  if (!plan || !plan.nextReviewDate || !plan.finalisedAt) throw new AppError("NOT_FOUND", NOT_ON_CASELOAD);
  return { ...plan, nextReviewDate: plan.nextReviewDate, finalisedAt: plan.finalisedAt };
}

/** Where the key worker's contacts stand for one final plan, from its latest contact. */
export function statusOf(plan: { finalisedAt: Date; nextReviewDate: Date; reviewedAt: Date | null }, last: { contactedAt: Date; nextContactDue: Date | null } | undefined, today: string) {
  return followUpStatus({
    finalisedOn: instantToLondonDate(plan.finalisedAt),
    nextReviewDate: isoDate(plan.nextReviewDate)!,
    reviewed: Boolean(plan.reviewedAt),
    lastContact: last ? { contactedOn: instantToLondonDate(last.contactedAt), nextContactDue: isoDate(last.nextContactDue) } : null,
    today,
  });
}

/**
 * The key worker's own caseload: every patient whose final care plan names
 * them, with the next contact due (overdue first) and the next review.
 */
export async function getCaseload(ctx: ServiceContext, clock: { now?: Date } = {}): Promise<CaseloadEntry[]> {
  assertPermission(ctx.actor, "follow-up:record");
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const plans = await tx.carePlan.findMany({
      where: { status: "FINAL", keyWorkerId: ctx.actor.id, patient: { practice: { pcnId: ctx.actor.pcnId } } },
      include: { patient: { select: { givenName: true, familyName: true, nhsNumber: true } }, reviewClinicDay: { select: { date: true } } },
    });
    const contacts = await tx.followUpContact.findMany({
      where: { patientId: { in: plans.map((p) => p.patientId) } },
      orderBy: { contactedAt: "desc" },
      select: { patientId: true, contactedAt: true, nextContactDue: true },
    });
    const entries = plans.flatMap((plan): CaseloadEntry[] => {
      if (!plan.nextReviewDate || !plan.finalisedAt) return [];
      const last = contacts.find((c) => c.patientId === plan.patientId);
      return [
        {
          patientId: plan.patientId,
          carePlanId: plan.id,
          name: `${plan.patient.givenName} ${plan.patient.familyName}`,
          nhsNumber: plan.patient.nhsNumber,
          nextReviewDate: isoDate(plan.nextReviewDate)!,
          reviewClinicDayDate: isoDate(plan.reviewClinicDay?.date ?? null),
          reviewed: Boolean(plan.reviewedAt),
          lastContactOn: last ? instantToLondonDate(last.contactedAt) : null,
          followUp: statusOf({ finalisedAt: plan.finalisedAt, nextReviewDate: plan.nextReviewDate, reviewedAt: plan.reviewedAt }, last, today),
        },
      ];
    });
    // Overdue first, then by due date; those whose review has happened last.
    const key = (e: CaseloadEntry) => (e.followUp.state === "done" ? `2${e.nextReviewDate}` : `${e.followUp.overdue ? 0 : 1}${e.followUp.due}`);
    entries.sort((a, b) => key(a).localeCompare(key(b)) || a.name.localeCompare(b.name));
    await recordPatientViews(tx, { actor: ctx.actor, action: "caseload.view", entityType: "StaffUser", entityId: ctx.actor.id, request: ctx.request }, entries.map((e) => e.patientId));
    return entries;
  });
}

/** One patient of the key worker's caseload: their care plan, the contacts so far and the next one due. */
export async function getCaseloadPatient(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}) {
  assertPermission(ctx.actor, "follow-up:record");
  const { patientId } = parseInput(patientRefSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const plan = await loadOwnPlan(tx, ctx, patientId);
    const contacts = await tx.followUpContact.findMany({
      where: { patientId },
      orderBy: { contactedAt: "desc" },
      include: { keyWorker: { select: { name: true } } },
    });
    await recordAudit(tx, { actor: ctx.actor, action: "caseload.patient.view", patientId, entityType: "CarePlan", entityId: plan.id, request: ctx.request });
    return {
      today,
      plan,
      content: contentOf(plan),
      reviewClinicDayDate: isoDate(plan.reviewClinicDay?.date ?? null),
      finalisedOn: instantToLondonDate(plan.finalisedAt),
      followUp: statusOf(plan, contacts[0], today),
      contacts: contacts.map((c) => ({ id: c.id, method: c.method, notes: c.notes, contactedAt: c.contactedAt, nextContactDue: isoDate(c.nextContactDue), keyWorkerName: c.keyWorker.name })),
    };
  });
}
