import { assertPermission } from "@/lib/auth/permissions";
import { planHandover } from "@/lib/care-plan/key-worker";
import { AppError } from "@/lib/errors/app-error";
import { deactivateWithHandoverSchema } from "@/lib/validation/key-worker";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { applyHandovers, lockStaff, plansNamingKeyWorker } from "@/lib/services/key-workers/internal/key-worker-records";
import { deactivateAccount, STAFF_NOT_FOUND } from "@/lib/services/staff/internal/deactivate-account";

export type HandoverOutcome = {
  staffName: string;
  deactivated: boolean;
  /** One line per patient handed over, in name order. */
  patients: Array<{ patientId: string; patientName: string; toKeyWorkerName: string }>;
};

/**
 * Someone is leaving: hands every patient whose current care plan (final, or
 * a draft in progress) names them as key worker to a new key worker (one for
 * all, or one per patient), with the reason, and then deactivates their
 * account, in one transaction. Each plan keeps the handover as a history row
 * and each patient's record an audit event. For an account that is already
 * inactive (someone who left before this check existed) it hands the patients
 * over and leaves the account as it is.
 */
export async function deactivateWithHandover(ctx: ServiceContext, input: unknown): Promise<HandoverOutcome> {
  assertPermission(ctx.actor, "staff:manage");
  assertPermission(ctx.actor, "caseload:oversee");
  const data = parseInput(deactivateWithHandoverSchema, input);
  if (data.staffId === ctx.actor.id) throw new AppError("VALIDATION", "You cannot deactivate your own account");
  return ctx.db.$transaction(async (tx) => {
    const targets = [data.toKeyWorkerId, ...data.assignments.map((a) => a.toKeyWorkerId)].filter((id): id is string => Boolean(id));
    const staff = await lockStaff(tx, ctx.actor.pcnId, [data.staffId, ...targets]);
    const leaving = staff.get(data.staffId);
    if (!leaving) throw new AppError("NOT_FOUND", STAFF_NOT_FOUND);
    const plans = await plansNamingKeyWorker(tx, ctx.actor.pcnId, data.staffId);
    const eligible = new Set([...staff.values()].filter((s) => s.active && s.keyWorker).map((s) => s.id));
    const plan = planHandover({ leavingId: data.staffId, plans, toKeyWorkerId: data.toKeyWorkerId ?? null, assignments: data.assignments, eligible });
    if (!plan.ok) {
      throw new AppError("VALIDATION", plan.problems[0].message, { fieldErrors: Object.fromEntries(plan.problems.map((p) => [p.field, p.message])) });
    }
    await applyHandovers(tx, ctx, plan.moves, { reason: data.reason, onDeactivation: leaving.active });
    if (leaving.active) await deactivateAccount(tx, ctx, data.staffId, { handedOver: new Set(plan.moves.map((m) => m.patientId)).size });
    const names = new Map(plans.map((p) => [p.patientId, p.patientName]));
    const patients = [
      ...new Map(
        plan.moves.map((m) => [
          m.patientId,
          { patientId: m.patientId, patientName: names.get(m.patientId)!, toKeyWorkerName: staff.get(m.toKeyWorkerId)!.name },
        ]),
      ).values(),
    ];
    return { staffName: leaving.name, deactivated: leaving.active, patients };
  });
}
