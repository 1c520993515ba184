import { PATIENT_LANGUAGE, patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { assertPermission } from "@/lib/auth/permissions";
import { type FollowUpStatus } from "@/lib/care-plan/follow-up";
import { instantToLondonDate, londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import { isoDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";
import { statusOf } from "@/lib/services/key-workers/internal/caseload";

export type CaseloadEntry = {
  patientId: string;
  carePlanId: string;
  name: string;
  language: PatientLanguage;
  nhsNumber: string;
  nextReviewDate: string;
  reviewClinicDayDate: string | null;
  reviewed: boolean;
  lastContactOn: string | null;
  followUp: FollowUpStatus;
};

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
      include: {
        patient: { select: { givenName: true, familyName: true, nhsNumber: true, ...PATIENT_LANGUAGE } },
        reviewClinicDay: { select: { date: true } },
      },
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
          language: patientLanguage(plan.patient),
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
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "caseload.view", entityType: "StaffUser", entityId: ctx.actor.id, request: ctx.request },
      entries.map((e) => e.patientId),
    );
    return entries;
  });
}
