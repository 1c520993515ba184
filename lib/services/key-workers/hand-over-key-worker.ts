import { assertPermission } from "@/lib/auth/permissions";
import { planHandover } from "@/lib/care-plan/key-worker";
import { AppError } from "@/lib/errors/app-error";
import { handOverPatientSchema } from "@/lib/validation/key-worker";
import { parseInput } from "@/lib/validation/parse";
import { loadPatient } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";
import { applyHandovers, lockStaff } from "@/lib/services/key-workers/internal/key-worker-records";

export const NO_FINAL_PLAN = "This patient has no final care plan, so there is no key worker to hand over";

export type PatientHandover = { patientName: string; fromKeyWorkerName: string; toKeyWorkerName: string };

/**
 * The clinic lead hands one patient to another key worker (theirs has left,
 * is away, or has too many patients), with the reason. The patient's final
 * plan moves, and a draft in progress naming the same key worker with it; the
 * handover is kept as a history row per plan and audited.
 */
export async function handOverKeyWorker(ctx: ServiceContext, input: unknown): Promise<PatientHandover> {
  assertPermission(ctx.actor, "caseload:oversee");
  const data = parseInput(handOverPatientSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, data.patientId);
    const plans = await tx.carePlan.findMany({
      where: { patientId: patient.id, status: { in: ["FINAL", "DRAFT"] } },
      select: { id: true, status: true, keyWorkerId: true },
    });
    const final = plans.find((p) => p.status === "FINAL");
    if (!final?.keyWorkerId) throw new AppError("NOT_FOUND", NO_FINAL_PLAN);
    const from = final.keyWorkerId;
    const staff = await lockStaff(tx, ctx.actor.pcnId, [from, data.toKeyWorkerId]);
    if (data.toKeyWorkerId === from) {
      const message = `${staff.get(from)?.name ?? "That person"} is already this patient’s key worker: choose someone else`;
      throw new AppError("VALIDATION", message, { fieldErrors: { toKeyWorkerId: message } });
    }
    const patientName = `${patient.givenName} ${patient.familyName}`;
    const eligible = new Set([...staff.values()].filter((s) => s.active && s.keyWorker).map((s) => s.id));
    const plan = planHandover({
      leavingId: from,
      plans: plans.map((p) => ({ carePlanId: p.id, patientId: patient.id, patientName, keyWorkerId: p.keyWorkerId })),
      toKeyWorkerId: data.toKeyWorkerId,
      assignments: [],
      eligible,
    });
    if (!plan.ok) throw new AppError("VALIDATION", plan.problems[0].message, { fieldErrors: { toKeyWorkerId: plan.problems[0].message } });
    await applyHandovers(tx, ctx, plan.moves, { reason: data.reason, onDeactivation: false });
    return {
      patientName,
      fromKeyWorkerName: staff.get(from)?.name ?? "the previous key worker",
      toKeyWorkerName: staff.get(data.toKeyWorkerId)!.name,
    };
  });
}
