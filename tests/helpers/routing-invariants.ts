/**
 * The clinic day's promises, as queries over the whole database: the model-based
 * test checks them after every step of random clinic days, and the fault tier
 * after a crash or a database restart. Each returns the rows that break it
 * (empty when it holds). Only what stands counts: an appointment that is
 * booked, in progress or over (not cancelled, not did-not-attend), and an open
 * waitlist entry.
 */
import type { Db } from "@/lib/db/client";

export type Broken = { rule: string; ids: string[] };

const STANDS = `('BOOKED', 'ARRIVED', 'FULFILLED')`;

/** Each patient's latest routing decision of each clinic day whose morning they attended. */
const ATTENDED_SCREENS = `
  with latest as (
    select distinct on (r."clinicDayId", r."patientId") r."clinicDayId", r."patientId", r."talkingTherapies"
    from "RoutingDecision" r
    order by r."clinicDayId", r."patientId", r."createdAt" desc, r.id desc
  )
  select l.*, d."clinicId" from latest l join "ClinicDay" d on d.id = l."clinicDayId"
  where exists (select 1 from "Appointment" m where m."clinicDayId" = l."clinicDayId" and m."patientId" = l."patientId"
                and m.kind = 'WRAP_AROUND' and m.status in ('ARRIVED', 'FULFILLED'))`;

/**
 * A need of this kind for the screen of (patient, day) is met: seen or booked
 * that day, on the waitlist, on the review list for a review of that day that
 * was missed (it was that day's therapy), or booked from the waitlist of that day.
 */
const covered = (kind: "TALKING_THERAPIES" | "GP") => `(
  exists (select 1 from "Appointment" x where x."patientId" = s."patientId" and x."clinicDayId" = s."clinicDayId"
          and x.kind = '${kind}' and x.status in ${STANDS})
  or exists (select 1 from "WaitlistEntry" w where w."patientId" = s."patientId" and w.kind = '${kind}'
             and w."openClinicId" = s."clinicId" and w."triageOutcomeId" is null)
  or exists (select 1 from "WaitlistEntry" w join "Appointment" c on c.id = w."causeAppointmentId"
             where w."patientId" = s."patientId" and w.kind = '${kind}' and w."openClinicId" is not null
               and w."triageOutcomeId" is not null and c."clinicDayId" = s."clinicDayId")
  or exists (select 1 from "Appointment" x join "WaitlistEntry" w on w.id = x."waitlistEntryId"
             where x."patientId" = s."patientId" and x.kind = '${kind}' and x.status in ${STANDS} and w."fromClinicDayId" = s."clinicDayId"))`;

export const ROUTING_RULES: Array<{ rule: string; sql: string }> = [
  {
    rule: "a positive screen is booked into Talking Therapies or on an open Talking Therapies waitlist entry",
    sql: `with s as (${ATTENDED_SCREENS}) select s."patientId"::text || ' on ' || s."clinicDayId"::text as id from s
          where s."talkingTherapies" and not ${covered("TALKING_THERAPIES")}`,
  },
  {
    rule: "a positive screen from home is gone through with the patient (a PHQ-4 recorded) before their morning is finished",
    sql: `select m.id::text from "Appointment" m join "ClinicDay" d on d.id = m."clinicDayId" join "Clinic" c on c.id = d."clinicId"
          where m.kind = 'WRAP_AROUND' and m.status = 'FULFILLED'
            and not exists (select 1 from "Phq4Assessment" p where p."appointmentId" = m.id)
            and (select h.total from "HomePhq4Response" h where h."appointmentId" = m.id
                 order by h."answeredAt" desc, h.id desc limit 1) >= c."phq4Threshold"`,
  },
  {
    rule: "everyone who attended has a GP appointment or an open GP waitlist entry",
    sql: `with s as (${ATTENDED_SCREENS}
            union
            select m."clinicDayId", m."patientId", false, d."clinicId" from "Appointment" m join "ClinicDay" d on d.id = m."clinicDayId"
            where m.kind = 'WRAP_AROUND' and m.status = 'FULFILLED')
          select distinct s."patientId"::text || ' on ' || s."clinicDayId"::text as id from s where not ${covered("GP")}`,
  },
  {
    rule: "not both: no open waitlist entry of a day beside an appointment of that kind standing that day",
    sql: `select w.id::text from "WaitlistEntry" w where w."openClinicId" is not null and w."triageOutcomeId" is null
          and exists (select 1 from "Appointment" x where x."patientId" = w."patientId" and x."clinicDayId" = w."fromClinicDayId"
                      and x.kind = w.kind and x.status in ${STANDS})`,
  },
  {
    rule: "at most one open waitlist entry of each kind per patient and clinic, and one per review",
    sql: `select "patientId"::text || ' ' || kind::text as id from "WaitlistEntry" where "openClinicId" is not null and "triageOutcomeId" is null
          group by "patientId", kind, "openClinicId" having count(*) > 1
          union all
          select "triageOutcomeId"::text from "WaitlistEntry" where "openClinicId" is not null and "triageOutcomeId" is not null
          group by "triageOutcomeId" having count(*) > 1`,
  },
  {
    rule: "nothing that started, ended or was marked did not attend was cancelled",
    sql: `select id::text from "Appointment" where status = 'CANCELLED'
          and ("checkedInAt" is not null or "startedAt" is not null or "endedAt" is not null or "noShowAt" is not null)`,
  },
  {
    rule: "no slot is held twice",
    sql: `select "activeSlotId"::text as id from "Appointment" where "activeSlotId" is not null group by "activeSlotId" having count(*) > 1`,
  },
  {
    rule: "Talking Therapies ends at least the handover gap before the same day's GP appointment",
    sql: `select t.id::text from "Appointment" t
          join "Slot" ts on ts.id = t."slotId"
          join "Appointment" g on g."patientId" = t."patientId" and g."clinicDayId" = t."clinicDayId" and g.kind = 'GP' and g.status in ${STANDS}
          join "Slot" gs on gs.id = g."slotId"
          join "ClinicDay" d on d.id = t."clinicDayId" join "Clinic" c on c.id = d."clinicId"
          where t.kind = 'TALKING_THERAPIES' and t.status in ${STANDS}
            and ts."endsAt" + make_interval(mins => c."handoverGapMinutes") > gs."startsAt"`,
  },
  {
    rule: "every triage review is booked or on the review list until it happens",
    sql: `select t.id::text from "TriageOutcome" t where t.outcome = 'REVIEW_LATER'
          and not exists (select 1 from "Appointment" x where x.id = t."reviewAppointmentId" and x.status in ${STANDS})
          and not exists (select 1 from "WaitlistEntry" w where w."triageOutcomeId" = t.id and w."openClinicId" is not null)`,
  },
  {
    rule: "a triage points only at a review that stands",
    sql: `select t.id::text from "TriageOutcome" t join "Appointment" x on x.id = t."reviewAppointmentId" where x.status not in ${STANDS}`,
  },
];

export async function brokenRoutingRules(db: Db): Promise<Broken[]> {
  const broken: Broken[] = [];
  for (const { rule, sql } of ROUTING_RULES) {
    const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(sql);
    if (rows.length > 0) broken.push({ rule, ids: rows.map((r) => r.id) });
  }
  return broken;
}
