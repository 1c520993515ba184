import { assertPermission } from "@/lib/auth/permissions";
import type { FollowUpStatus } from "@/lib/care-plan/follow-up";
import { compareOversight } from "@/lib/care-plan/key-worker";
import { instantToLondonDate, londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import { isoDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";
import { statusOf } from "@/lib/services/key-workers/internal/caseload";

export type OverviewEntry = {
  patientId: string;
  carePlanId: string;
  name: string;
  nhsNumber: string;
  keyWorker: { id: string; name: string; active: boolean };
  nextReviewDate: string;
  reviewClinicDayDate: string | null;
  lastContactOn: string | null;
  followUp: FollowUpStatus;
};

export type CaseloadOverview = {
  today: string;
  entries: OverviewEntry[];
  counts: { patients: number; overdue: number; keyWorkerInactive: number };
};

/**
 * The clinic lead's view of every key worker's caseload: each patient of the
 * PCN with a final care plan, their key worker, the next contact due (overdue
 * highlighted), the last contact and the next review. Patients whose key
 * worker can no longer sign in come first, then overdue contacts. Audited as
 * a view of each patient listed.
 */
export async function getCaseloadOverview(ctx: ServiceContext, clock: { now?: Date } = {}): Promise<CaseloadOverview> {
  assertPermission(ctx.actor, "caseload:oversee");
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const plans = await tx.carePlan.findMany({
      where: { status: "FINAL", patient: { practice: { pcnId: ctx.actor.pcnId } } },
      include: {
        patient: { select: { givenName: true, familyName: true, nhsNumber: true } },
        keyWorker: { select: { id: true, name: true, active: true } },
        reviewClinicDay: { select: { date: true } },
      },
    });
    const contacts = await tx.followUpContact.findMany({
      where: { patientId: { in: plans.map((p) => p.patientId) } },
      orderBy: { contactedAt: "desc" },
      select: { patientId: true, contactedAt: true, nextContactDue: true },
    });
    const latest = new Map<string, (typeof contacts)[number]>();
    for (const c of contacts) if (!latest.has(c.patientId)) latest.set(c.patientId, c);
    const entries = plans.flatMap((plan): OverviewEntry[] => {
      // A final plan always has these (the database checks it); narrowed for the type.
      if (!plan.nextReviewDate || !plan.finalisedAt || !plan.keyWorker) return [];
      const last = latest.get(plan.patientId);
      return [
        {
          patientId: plan.patientId,
          carePlanId: plan.id,
          name: `${plan.patient.givenName} ${plan.patient.familyName}`,
          nhsNumber: plan.patient.nhsNumber,
          keyWorker: plan.keyWorker,
          nextReviewDate: isoDate(plan.nextReviewDate)!,
          reviewClinicDayDate: isoDate(plan.reviewClinicDay?.date ?? null),
          lastContactOn: last ? instantToLondonDate(last.contactedAt) : null,
          followUp: statusOf({ finalisedAt: plan.finalisedAt, nextReviewDate: plan.nextReviewDate, reviewedAt: plan.reviewedAt }, last, today),
        },
      ];
    });
    entries.sort((a, b) => compareOversight({ ...a, keyWorkerActive: a.keyWorker.active }, { ...b, keyWorkerActive: b.keyWorker.active }));
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "caseload.oversee", entityType: "Pcn", entityId: ctx.actor.pcnId, request: ctx.request },
      entries.map((e) => e.patientId),
    );
    return {
      today,
      entries,
      counts: {
        patients: entries.length,
        overdue: entries.filter((e) => e.followUp.overdue).length,
        keyWorkerInactive: entries.filter((e) => !e.keyWorker.active).length,
      },
    };
  });
}
