import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { staffIdSchema } from "@/lib/validation/staff";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { activeKeyWorkers, plansNamingKeyWorker } from "@/lib/services/key-workers/internal/key-worker-records";
import { STAFF_NOT_FOUND } from "@/lib/services/staff/internal/deactivate-account";

export type StaffHandover = {
  staff: { id: string; name: string; active: boolean; isSelf: boolean };
  /** Each patient whose current care plan names them as key worker. */
  patients: Array<{ patientId: string; name: string; nhsNumber: string; hasFinal: boolean; hasDraft: boolean }>;
  /** Who they could be handed to: the PCN's other active health buddies. */
  keyWorkers: Array<{ id: string; name: string }>;
};

/**
 * For the clinic lead, before deactivating someone: the patients whose care
 * plan (final, or a draft in progress) names them as key worker, and who could
 * take them over. Audited as a view of each patient listed.
 */
export async function getStaffHandover(ctx: ServiceContext, input: unknown): Promise<StaffHandover> {
  assertPermission(ctx.actor, "staff:manage");
  assertPermission(ctx.actor, "caseload:oversee");
  const { staffId } = parseInput(staffIdSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const person = await tx.staffUser.findFirst({ where: { id: staffId, pcnId: ctx.actor.pcnId }, select: { id: true, name: true, active: true } });
    if (!person) throw new AppError("NOT_FOUND", STAFF_NOT_FOUND);
    const plans = await plansNamingKeyWorker(tx, ctx.actor.pcnId, staffId);
    const patients = new Map<string, StaffHandover["patients"][number]>();
    for (const p of plans) {
      const entry = patients.get(p.patientId) ?? {
        patientId: p.patientId,
        name: p.patientName,
        nhsNumber: p.nhsNumber,
        hasFinal: false,
        hasDraft: false,
      };
      if (p.status === "FINAL") entry.hasFinal = true;
      else entry.hasDraft = true;
      patients.set(p.patientId, entry);
    }
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "staff.key-worker-patients.view", entityType: "StaffUser", entityId: staffId, request: ctx.request },
      [...patients.keys()],
    );
    return {
      staff: { ...person, isSelf: person.id === ctx.actor.id },
      patients: [...patients.values()],
      keyWorkers: (await activeKeyWorkers(tx, ctx.actor.pcnId)).filter((k) => k.id !== staffId),
    };
  });
}
