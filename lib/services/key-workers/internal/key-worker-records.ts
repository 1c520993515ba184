/**
 * What the key-worker handover services share: the current plans naming a key
 * worker, locking the people involved, and storing a handover (history row,
 * the plan's new key worker, an audit event per patient) in the caller's
 * transaction.
 */
import type { HandoverMove } from "@/lib/care-plan/key-worker";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type NamedPlan = {
  carePlanId: string;
  patientId: string;
  patientName: string;
  nhsNumber: string;
  status: "FINAL" | "DRAFT";
  keyWorkerId: string | null;
};

/** The current plans (final, and drafts in progress) of the PCN's patients that name `keyWorkerId`. */
export async function plansNamingKeyWorker(tx: DbTx, pcnId: string, keyWorkerId: string): Promise<NamedPlan[]> {
  const plans = await tx.carePlan.findMany({
    where: { keyWorkerId, status: { in: ["FINAL", "DRAFT"] }, patient: { practice: { pcnId } } },
    select: {
      id: true,
      patientId: true,
      status: true,
      keyWorkerId: true,
      patient: { select: { givenName: true, familyName: true, nhsNumber: true } },
    },
    orderBy: [{ patient: { familyName: "asc" } }, { patient: { givenName: "asc" } }, { status: "desc" }],
  });
  return plans.map((p) => ({
    carePlanId: p.id,
    patientId: p.patientId,
    patientName: `${p.patient.givenName} ${p.patient.familyName}`,
    nhsNumber: p.patient.nhsNumber,
    status: p.status as "FINAL" | "DRAFT",
    keyWorkerId: p.keyWorkerId,
  }));
}

/** The PCN's active health buddies, who may be named key worker. */
export async function activeKeyWorkers(tx: DbTx, pcnId: string): Promise<Array<{ id: string; name: string }>> {
  return tx.staffUser.findMany({
    where: { pcnId, active: true, roles: { has: "HEALTH_BUDDY" } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/**
 * Locks the staff rows involved in a handover (in id order, so two handovers
 * at once cannot deadlock) and returns those of the PCN with whether each is an
 * active health buddy. A deactivation of any of them waits for this
 * transaction; a plan saved naming any of them at the same moment waits too.
 */
export async function lockStaff(tx: DbTx, pcnId: string, ids: readonly string[]) {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return new Map<string, { id: string; name: string; active: boolean; keyWorker: boolean }>();
  const rows = await tx.$queryRaw<Array<{ id: string; name: string; active: boolean; keyWorker: boolean }>>`
    SELECT id, name, active, ('HEALTH_BUDDY'::"Role" = ANY(roles)) AS "keyWorker" FROM "StaffUser"
    WHERE id = ANY(${unique}::uuid[]) AND "pcnId" = ${pcnId}::uuid
    ORDER BY id
    FOR NO KEY UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Stores each move: the history row first, then the plan's new key worker
 * (the database lets a final plan's key worker change only with that row in
 * the same transaction), and an audit event for the patient. A plan that no
 * longer names the person it is handed from (someone else moved it a moment
 * ago) is a conflict, and the caller's transaction stores nothing.
 */
export async function applyHandovers(
  tx: DbTx,
  ctx: ServiceContext,
  moves: readonly HandoverMove[],
  options: { reason: string; onDeactivation: boolean },
): Promise<void> {
  for (const move of moves) {
    const handover = await tx.keyWorkerHandover.create({
      data: {
        carePlanId: move.carePlanId,
        fromKeyWorkerId: move.fromKeyWorkerId,
        toKeyWorkerId: move.toKeyWorkerId,
        handedOverById: ctx.actor.id,
        reason: options.reason,
        onDeactivation: options.onDeactivation,
      },
    });
    const { count } = await tx.carePlan.updateMany({
      where: { id: move.carePlanId, keyWorkerId: move.fromKeyWorkerId, status: { in: ["FINAL", "DRAFT"] } },
      data: { keyWorkerId: move.toKeyWorkerId },
    });
    if (count !== 1)
      throw new AppError("CONFLICT", "Someone changed this patient’s care plan or key worker a moment ago. Reload the page and check again.");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "key-worker.handover",
      patientId: move.patientId,
      entityType: "CarePlan",
      entityId: move.carePlanId,
      request: ctx.request,
      details: {
        handoverId: handover.id,
        from: move.fromKeyWorkerId,
        to: move.toKeyWorkerId,
        reason: options.reason,
        onDeactivation: options.onDeactivation,
      },
    });
  }
}
