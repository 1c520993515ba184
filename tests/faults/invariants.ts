/**
 * What "all or nothing" means for each use case, as queries over the whole
 * database: every row a use case writes has the rows written with it in its
 * transaction, and no audit event names a row that is not there.
 */
import type { Db } from "@/lib/db/client";

export type Broken = { rule: string; ids: string[] };

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
  {
    rule: "every routing to an afternoon has the afternoon booked or the patient on the waitlist",
    sql: `select r.id::text from "RoutingDecision" r where r."phq4AssessmentId" is not null
            and r.id = (select r2.id from "RoutingDecision" r2 where r2."clinicDayId" = r."clinicDayId" and r2."patientId" = r."patientId" order by r2."createdAt" desc, r2.id desc limit 1)
            and not exists (select 1 from "Appointment" a where a."patientId" = r."patientId" and a."clinicDayId" = r."clinicDayId" and a.kind in ('GP', 'TALKING_THERAPIES'))
            and not exists (select 1 from "WaitlistEntry" w where w."patientId" = r."patientId")`,
  },
];

export async function brokenInvariants(db: Db): Promise<Broken[]> {
  const broken: Broken[] = [];
  for (const { rule, sql } of RULES) {
    const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(sql);
    if (rows.length > 0) broken.push({ rule, ids: rows.map((r) => r.id) });
  }
  return broken;
}
