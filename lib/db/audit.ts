/**
 * The audit trail: who did what to which patient's record, when and from where.
 * Written inside the same transaction as the change it describes, so a change
 * without its audit event (or the reverse) cannot be stored.
 */
import type { DbTx } from "@/lib/db/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor, RequestInfo } from "@/lib/db/context";

export type AuditEntry = {
  actor?: Pick<Actor, "id" | "email"> | null;
  /** Kept even when no account matched, for failed sign-ins. */
  actorEmail?: string | null;
  action: string;
  outcome?: AuditOutcome;
  patientId?: string | null;
  entityType?: string;
  entityId?: string;
  request?: RequestInfo;
  details?: Prisma.InputJsonValue;
};

/** The row an audit entry is stored as; also for the one statement that books (services/appointments/internal/insert-booking.ts). */
export function auditRow(entry: AuditEntry) {
  return {
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actorEmail ?? entry.actor?.email ?? null,
    action: entry.action,
    outcome: entry.outcome ?? "SUCCESS",
    patientId: entry.patientId ?? null,
    entityType: entry.entityType,
    entityId: entry.entityId,
    ip: entry.request?.ip ?? null,
    userAgent: entry.request?.userAgent?.slice(0, 400) ?? null,
    details: entry.details,
  } satisfies Prisma.AuditEventUncheckedCreateInput;
}

export async function recordAudit(tx: DbTx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(entry) });
}

/** Records many patients' views at once (lists), one event per patient. */
export async function recordPatientViews(tx: DbTx, base: Omit<AuditEntry, "patientId">, patientIds: readonly string[]): Promise<void> {
  if (patientIds.length === 0) return;
  await tx.auditEvent.createMany({
    data: [...new Set(patientIds)].map((patientId) => ({
      actorId: base.actor?.id ?? null,
      actorEmail: base.actorEmail ?? base.actor?.email ?? null,
      action: base.action,
      outcome: base.outcome ?? "SUCCESS",
      patientId,
      entityType: base.entityType,
      entityId: base.entityId,
      ip: base.request?.ip ?? null,
      userAgent: base.request?.userAgent?.slice(0, 400) ?? null,
      details: base.details,
    })),
  });
}

/**
 * recordPatientViews in one statement, unless the same actor already recorded the same action on the same entity after
 * `since` (a screen that refreshes itself is audited once per interval, not on every refresh). Returns whether it wrote.
 * The check and the insert are one statement, so it needs no transaction of its own.
 */
export async function recordPatientViewsUnlessRecorded(
  db: DbTx,
  base: Omit<AuditEntry, "patientId"> & { actor: Pick<Actor, "id" | "email">; entityId: string },
  patientIds: readonly string[],
  since: Date,
): Promise<boolean> {
  if (patientIds.length === 0) return false;
  const row = auditRow(base);
  const written = await db.$executeRaw`
    INSERT INTO "AuditEvent" ("actorId", "actorEmail", "action", "outcome", "patientId", "entityType", "entityId", "ip", "userAgent", "details")
    SELECT ${row.actorId}::uuid, ${row.actorEmail}, ${row.action}, ${row.outcome}::"AuditOutcome", p, ${row.entityType ?? null}, ${row.entityId},
           ${row.ip}, ${row.userAgent}, ${row.details === undefined ? null : JSON.stringify(row.details)}::jsonb
    FROM unnest(${[...new Set(patientIds)]}::uuid[]) AS p
    WHERE NOT EXISTS (
      SELECT 1 FROM "AuditEvent" e
      WHERE e."actorId" = ${row.actorId}::uuid AND e."action" = ${row.action} AND e."entityId" = ${row.entityId} AND e."at" > ${since}
    )`;
  return written > 0;
}
