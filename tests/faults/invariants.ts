/**
 * What "all or nothing" means for each use case, as queries over the whole
 * database: every row a use case writes has the rows written with it in its
 * transaction, and no audit event names a row that is not there; and the
 * clinic day's promises (tests/helpers/routing-invariants.ts: every positive
 * screen booked into Talking Therapies or on an open waitlist entry, everyone
 * who attended with a GP appointment or an open entry, nothing that happened
 * cancelled…), counting only what stands and what is open.
 */
import type { Db } from "@/lib/db/client";
import { ROUTING_RULES, type Broken } from "@/tests/helpers/routing-invariants";

export type { Broken };

const RULES: Array<{ rule: string; sql: string }> = [
  {
    rule: "every morning appointment has its booking audit event",
    sql: `select a.id::text from "Appointment" a where a.kind = 'WRAP_AROUND' and not exists (
            select 1 from "AuditEvent" e where e.action = 'appointment.book' and e."entityId" = a.id::text)`,
  },
  {
    rule: "every booking audit event names an appointment that exists",
    sql: `select e.id::text from "AuditEvent" e where e.action = 'appointment.book' and not exists (
            select 1 from "Appointment" a where a.id::text = e."entityId")`,
  },
  {
    rule: "every active booking holds its slot and day (no half-booked rows)",
    sql: `select a.id::text from "Appointment" a where a.kind = 'WRAP_AROUND' and a.status = 'BOOKED'
            and (a."activeSlotId" is distinct from a."slotId" or a."activeMorningDayId" is distinct from a."clinicDayId")`,
  },
  {
    rule: "every arrival has its check-in audit event",
    sql: `select a.id::text from "Appointment" a where a."checkedInAt" is not null and not exists (
            select 1 from "AuditEvent" e where e.action = 'appointment.check-in' and e."entityId" = a.id::text)`,
  },
  {
    rule: "every PHQ-4 has its audit event",
    sql: `select p.id::text from "Phq4Assessment" p where not exists (
            select 1 from "AuditEvent" e where e.action in ('phq4.record', 'phq4.amend') and e."entityId" = p.id::text)`,
  },
  {
    rule: "every PHQ-4 audit event names a PHQ-4 that exists",
    sql: `select e.id::text from "AuditEvent" e where e.action in ('phq4.record', 'phq4.amend') and not exists (
            select 1 from "Phq4Assessment" p where p.id::text = e."entityId")`,
  },
  {
    rule: "every PHQ-4 has its routing decision",
    sql: `select p.id::text from "Phq4Assessment" p where not exists (
            select 1 from "RoutingDecision" r where r."phq4AssessmentId" = p.id)`,
  },
];

export async function brokenInvariants(db: Db): Promise<Broken[]> {
  const broken: Broken[] = [];
  for (const { rule, sql } of [...RULES, ...ROUTING_RULES]) {
    const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(sql);
    if (rows.length > 0) broken.push({ rule, ids: rows.map((r) => r.id) });
  }
  return broken;
}
