import { assertPermission } from "@/lib/auth/permissions";
import type { CarePlanContent, CarePlanStatus } from "@/lib/care-plan";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import { contentOf, isoDate, loadPatient, mayReadPlan } from "./care-plan-records";
import type { ServiceContext } from "./context";

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

/**
 * The patient's current care plan for reading or printing: the final plan, and
 * for clinicians also a draft in progress. A key worker reads only a plan
 * naming them; anyone else's patient is NOT_FOUND, as if it did not exist.
 */
export async function getCarePlan(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "care-plan:view");
  const { patientId } = parseInput(patientRefSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, patientId);
    const { final, draft } = await loadPlans(tx, patientId);
    const clinician = mayReadPlan(ctx.actor, { keyWorkerId: null });
    if (!final && !(clinician && draft)) throw new AppError("NOT_FOUND", "This patient has no care plan yet");
    if (!mayReadPlan(ctx.actor, final ?? { keyWorkerId: null })) throw new AppError("NOT_FOUND", "That care plan was not found");
    const shown = final ?? draft!;
    await recordAudit(tx, { actor: ctx.actor, action: "care-plan.view", patientId, entityType: "CarePlan", entityId: shown.id, request: ctx.request, details: { version: shown.version } });
    return {
      patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, nhsNumber: patient.nhsNumber, dateOfBirth: isoDate(patient.dateOfBirth)!, practiceName: patient.practice.name },
      plan: shown,
      draft: clinician ? draft : null,
    };
  });
}
