import { assertPermission } from "@/lib/auth/permissions";
import { deactivationRefusal } from "@/lib/care-plan/key-worker";
import { AppError } from "@/lib/errors/app-error";
import { setStaffActiveSchema } from "@/lib/validation/staff";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit, recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { lockStaff, plansNamingKeyWorker } from "@/lib/services/key-workers/internal/key-worker-records";
import { STAFF_NOT_FOUND, deactivateAccount, handoverPath } from "@/lib/services/staff/internal/deactivate-account";

type Refusal = { message: string; patients: Array<{ patientId: string; name: string }> };

/**
 * Deactivates (or reactivates) a member of staff. Deactivation ends their
 * sessions at once. Someone still named key worker on a current care plan
 * (final, or a draft in progress) is not deactivated: the refusal names their
 * patients, and the clinic lead hands them over first (deactivateWithHandover).
 * The refusal shows patients' names, so it is audited as a view of each.
 */
export async function setStaffActive(ctx: ServiceContext, input: unknown): Promise<void> {
  assertPermission(ctx.actor, "staff:manage");
  const { staffId, active } = parseInput(setStaffActiveSchema, input);
  if (staffId === ctx.actor.id && !active) throw new AppError("VALIDATION", "You cannot deactivate your own account");
  const refusal = await ctx.db.$transaction(async (tx): Promise<Refusal | null> => {
    // Locked first: a care plan naming them that is being saved now either finishes before this looks, or waits and finds them inactive.
    const user = (await lockStaff(tx, ctx.actor.pcnId, [staffId])).get(staffId);
    if (!user) throw new AppError("NOT_FOUND", STAFF_NOT_FOUND);
    if (active) {
      await tx.staffUser.update({ where: { id: staffId }, data: { active: true } });
      await recordAudit(tx, { actor: ctx.actor, action: "staff.reactivate", entityType: "StaffUser", entityId: staffId, request: ctx.request });
      return null;
    }
    if (!user.active) return null;
    const plans = await plansNamingKeyWorker(tx, ctx.actor.pcnId, staffId);
    if (plans.length > 0) {
      const patients = [...new Map(plans.map((p) => [p.patientId, { patientId: p.patientId, name: p.patientName }])).values()];
      await recordPatientViews(
        tx,
        {
          actor: ctx.actor,
          action: "staff.deactivate-refused",
          outcome: "DENIED",
          entityType: "StaffUser",
          entityId: staffId,
          request: ctx.request,
          details: { reason: "key worker to current care plans" },
        },
        patients.map((p) => p.patientId),
      );
      return {
        message: deactivationRefusal(
          user.name,
          patients.map((p) => p.name),
        ),
        patients,
      };
    }
    await deactivateAccount(tx, ctx, staffId);
    return null;
  });
  if (refusal) throw new AppError("CONFLICT", refusal.message, { details: { patients: refusal.patients, handover: handoverPath(staffId) } });
}
