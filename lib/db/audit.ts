/**
 * The audit trail: who did what to which patient's record, when and from where.
 * Written inside the same transaction as the change it describes, so a change
 * without its audit event (or the reverse) cannot be stored.
 */
import type { DbTx } from "@/lib/db/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import { Prisma } from "@/lib/db/generated/client";
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

/**
 * Audit events in one INSERT: one per patient id, in the order given (a null id, one event about no patient), unless
 * `unless` (a condition on the statement, with no rows of its own) holds. Raw SQL rather than Prisma's `create` and
 * `createMany`, which build every row in JavaScript first: 50 search results' views cost 17–43 ms that way against
 * about 5–7 ms here (docs/decisions/0014-reads-at-icb-scale.md, "Audit writes, and words of three letters or more").
 * Columns and defaults follow prisma/schema.prisma (AuditEvent), with `at` the time of writing, as Prisma fills
 * @default(now()).
 */
function insertAuditEvents(db: DbTx, entry: AuditEntry, patientIds: readonly (string | null)[], unless?: Prisma.Sql): Promise<number> {
  const row = auditRow(entry);
  return db.$executeRaw`
    INSERT INTO "AuditEvent" ("at", "actorId", "actorEmail", "action", "outcome", "patientId", "entityType", "entityId", "ip", "userAgent", "details")
    SELECT ${new Date()}, ${row.actorId}::uuid, ${row.actorEmail}, ${row.action}, ${row.outcome}::"AuditOutcome", u.p, ${row.entityType ?? null},
           ${row.entityId ?? null}, ${row.ip}, ${row.userAgent}, ${row.details === undefined ? null : JSON.stringify(row.details)}::jsonb
    FROM unnest(${patientIds}::uuid[]) WITH ORDINALITY AS u(p, n)
    ${unless ? Prisma.sql`WHERE NOT (${unless})` : Prisma.empty}
    ORDER BY u.n`;
}

export async function recordAudit(tx: DbTx, entry: AuditEntry): Promise<void> {
  await insertAuditEvents(tx, entry, [entry.patientId ?? null]);
}

/** Records many patients' views at once (lists), one event per patient. */
export async function recordPatientViews(tx: DbTx, base: Omit<AuditEntry, "patientId">, patientIds: readonly string[]): Promise<void> {
  if (patientIds.length === 0) return;
  await insertAuditEvents(tx, base, [...new Set(patientIds)]);
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
  const written = await insertAuditEvents(
    db,
    base,
    [...new Set(patientIds)],
    Prisma.sql`EXISTS (
      SELECT 1 FROM "AuditEvent" e
      WHERE e."actorId" = ${base.actor.id}::uuid AND e."action" = ${base.action} AND e."entityId" = ${base.entityId} AND e."at" > ${since}
    )`,
  );
  return written > 0;
}
