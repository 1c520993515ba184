import type { CarePlanContent, CarePlanStatus } from "@/lib/care-plan";
import type { DbTx } from "@/lib/db/client";
import { contentOf } from "@/lib/services/care-plans/internal/care-plan-records";
import { isoDate } from "@/lib/schedule/date-only";

export type CarePlanView = CarePlanContent & {
  id: string;
  version: number;
  status: CarePlanStatus;
  authorName: string;
  keyWorkerName: string | null;
  reviewClinicDayDate: string | null;
  finalisedAt: Date | null;
  finalisedByName: string | null;
  changeReason: string | null;
  reviewedAt: Date | null;
  updatedAt: Date;
};

const INCLUDE = {
  author: { select: { name: true } },
  keyWorker: { select: { name: true } },
  finalisedBy: { select: { name: true } },
  reviewClinicDay: { select: { date: true } },
} as const;

/** The patient's current final plan and any draft, as the screens show them. */
export async function loadPlans(tx: DbTx, patientId: string): Promise<{ final: CarePlanView | null; draft: CarePlanView | null }> {
  const plans = await tx.carePlan.findMany({ where: { patientId, status: { in: ["FINAL", "DRAFT"] } }, include: INCLUDE });
  const view = (p: (typeof plans)[number] | undefined): CarePlanView | null =>
    p
      ? {
          ...contentOf(p),
          id: p.id,
          version: p.version,
          status: p.status,
          authorName: p.author.name,
          keyWorkerName: p.keyWorker?.name ?? null,
          reviewClinicDayDate: isoDate(p.reviewClinicDay?.date ?? null),
          finalisedAt: p.finalisedAt,
          finalisedByName: p.finalisedBy?.name ?? null,
          changeReason: p.changeReason,
          reviewedAt: p.reviewedAt,
          updatedAt: p.updatedAt,
        }
      : null;
  return { final: view(plans.find((p) => p.status === "FINAL")), draft: view(plans.find((p) => p.status === "DRAFT")) };
}
