import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { type AuditSearch } from "@/lib/validation/audit";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export const AUDIT_RESULT_LIMIT = 1000;

export type AuditRow = {
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  outcome: string;
  patientName: string | null;
  nhsNumber: string | null;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
};

/**
 * "Who has looked at this patient's record?": audit events by patient, member
 * of staff and date range, newest first, limited to the clinic lead's PCN
 * (its staff and its patients). The search is itself audited.
 */
export async function runSearch(ctx: ServiceContext, query: AuditSearch, purpose: "audit.search" | "audit.export") {
  assertPermission(ctx.actor, "audit:view");
  const pcnId = ctx.actor.pcnId;
  return ctx.db.$transaction(async (tx) => {
    let patientId: string | undefined;
    if (query.nhsNumber) {
      const patient = await tx.patient.findFirst({ where: { nhsNumber: query.nhsNumber, practice: { pcnId } }, select: { id: true } });
      if (!patient)
        throw new AppError("NOT_FOUND", `No patient with NHS number ${formatNhsNumber(query.nhsNumber)} is registered with your PCN`, {
          fieldErrors: { nhsNumber: "No patient with this NHS number in your PCN" },
        });
      patientId = patient.id;
    }
    const where: Prisma.AuditEventWhereInput = {
      AND: [
        { OR: [{ actor: { pcnId } }, { patient: { practice: { pcnId } } }] },
        patientId ? { patientId } : {},
        query.staffEmail ? { OR: [{ actor: { email: query.staffEmail } }, { actorEmail: query.staffEmail }] } : {},
        query.from ? { at: { gte: londonWallTimeToInstant(query.from, "00:00") } } : {},
        // Whole days in London time: up to the start of the day after `to`.
        query.to ? { at: { lt: londonWallTimeToInstant(nextDay(query.to), "00:00") } } : {},
      ],
    };
    const events = await tx.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      take: AUDIT_RESULT_LIMIT + 1,
      include: {
        actor: { select: { name: true, email: true } },
        patient: { select: { givenName: true, familyName: true, nhsNumber: true } },
      },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: purpose,
      patientId: patientId ?? null,
      request: ctx.request,
      details: {
        byPatient: Boolean(patientId),
        staffEmail: query.staffEmail ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        found: Math.min(events.length, AUDIT_RESULT_LIMIT),
      },
    });
    const rows: AuditRow[] = events.slice(0, AUDIT_RESULT_LIMIT).map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actorName: e.actor?.name ?? null,
      actorEmail: e.actor?.email ?? e.actorEmail,
      action: e.action,
      outcome: e.outcome,
      patientName: e.patient ? `${e.patient.givenName} ${e.patient.familyName}` : null,
      nhsNumber: e.patient ? formatNhsNumber(e.patient.nhsNumber) : null,
      entityType: e.entityType,
      entityId: e.entityId,
      ip: e.ip,
    }));
    return { rows, more: events.length > AUDIT_RESULT_LIMIT };
  });
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
