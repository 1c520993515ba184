/**
 * Report speed: the clinic funnel over about 5,000 clinic-day visits (a clinic
 * every day for 40 weeks, 18 morning slots each), on a throwaway embedded
 * PostgreSQL. The clinic days come from the services; the visits themselves
 * are bulk-inserted (through the services they would take many minutes), with
 * the statuses, PHQ-4s, afternoon appointments, triage outcomes and referrals
 * the funnel reads, and the database's own constraints still checking them.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { funnelByPractice, resolveFilter } from "@/lib/services/reports/internal/report-queries";
import { createOrganisation, demoPatientInput, standardTemplateSessions } from "@/tests/helpers/factories";
import { timeRuns, withThrowawayDatabase } from "./throwaway-database";

const WEEKS = 40;
const PATIENTS = 2_000;
const RUNS = 20;
const FIRST = "2025-01-06";

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 2_000) await insert(rows.slice(i, i + 2_000));
}

export async function generate(db: Db): Promise<{ lead: ServiceContext; visits: number; from: string; to: string }> {
  const org = await createOrganisation(db);
  const lead: ServiceContext = { db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Bench clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  // A weekly series starting on each weekday: a clinic day every day.
  for (let d = 0; d < 7; d++) await createClinicDays(lead, { templateId: template.id, firstDate: addDays(FIRST, d), weeks: WEEKS });

  const patients = Array.from({ length: PATIENTS }, (_, i) => {
    const p = demoPatientInput(i, org.practiceIds);
    return {
      id: randomUUID(),
      nhsNumber: generateTestNhsNumber(i),
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: new Date(`${p.dateOfBirth}T00:00:00Z`),
      sex: p.sex,
      practiceId: p.practiceId,
    };
  });
  await inChunks(patients, (data) => db.patient.createMany({ data }));

  const slots = await db.slot.findMany({
    select: { id: true, startsAt: true, endsAt: true, session: { select: { kind: true, clinicDayId: true } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const byDay = new Map<string, Record<"WRAP_AROUND" | "TALKING_THERAPIES" | "GP", typeof slots>>();
  for (const s of slots) {
    const day = byDay.get(s.session.clinicDayId) ?? { WRAP_AROUND: [], TALKING_THERAPIES: [], GP: [] };
    day[s.session.kind].push(s);
    byDay.set(s.session.clinicDayId, day);
  }

  const appointments: Prisma.AppointmentCreateManyInput[] = [];
  const phq4s: Prisma.Phq4AssessmentCreateManyInput[] = [];
  const triage: Prisma.TriageOutcomeCreateManyInput[] = [];
  const referrals: Prisma.ReferralCreateManyInput[] = [];
  const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
  let visit = 0;
  for (const [clinicDayId, day] of byDay) {
    let tt = 0;
    let gp = 0;
    for (const [k, slot] of day.WRAP_AROUND.entries()) {
      const patientId = patients[(visit * 7 + k) % PATIENTS].id;
      visit++;
      const id = randomUUID();
      const dna = visit % 10 === 0;
      appointments.push({
        id,
        patientId,
        clinicDayId,
        slotId: slot.id,
        kind: "WRAP_AROUND",
        activeSlotId: slot.id,
        activeMorningDayId: clinicDayId,
        status: dna ? "NOSHOW" : "FULFILLED",
        bookedAt: minutes(slot.startsAt, -20_160),
        ...(dna ? { noShowAt: minutes(slot.startsAt, 30) } : { checkedInAt: minutes(slot.startsAt, -10), endedAt: minutes(slot.startsAt, 18) }),
      });
      if (dna) continue;
      const positive = visit % 3 === 0 && tt < day.TALKING_THERAPIES.length;
      const answers = positive ? [2, 1, 1, 1] : [0, 1, 0, 1];
      phq4s.push({
        patientId,
        appointmentId: id,
        nervous: answers[0],
        worrying: answers[1],
        littleInterest: answers[2],
        feelingDown: answers[3],
        total: answers.reduce((a, b) => a + b, 0),
        recordedById: org.staff.buddy.id,
        recordedAt: minutes(slot.startsAt, 12),
      });
      if (positive) {
        const s = day.TALKING_THERAPIES[tt++];
        const ttId = randomUUID();
        appointments.push({
          id: ttId,
          patientId,
          clinicDayId,
          slotId: s.id,
          kind: "TALKING_THERAPIES",
          origin: "ROUTING",
          activeSlotId: s.id,
          status: "FULFILLED",
          startedAt: minutes(s.startsAt, 4),
          endedAt: s.endsAt,
        });
        const refer = visit % 4 !== 0;
        const triageId = randomUUID();
        triage.push({
          id: triageId,
          appointmentId: ttId,
          patientId,
          presentingProblems: "Bench",
          outcome: refer ? "REFER" : "STANDALONE_SUPPORT",
          pathway: refer ? "STEP_2" : null,
          consentToReferral: refer,
          recordedById: org.staff.therapist.id,
        });
        if (refer) {
          const referredAt = new Date(`${s.startsAt.toISOString().slice(0, 10)}T00:00:00Z`);
          const accepted = visit % 5 !== 0;
          const treated = accepted && visit % 2 === 0;
          referrals.push({
            patientId,
            triageOutcomeId: triageId,
            pathway: "STEP_2",
            referredAt,
            status: treated ? "ENTERED_TREATMENT" : accepted ? "ACCEPTED" : "REFERRED",
            acceptedAt: accepted ? minutes(referredAt, 7 * 1440) : null,
            enteredTreatmentAt: treated ? minutes(referredAt, 21 * 1440) : null,
          });
        }
      }
      if (gp < day.GP.length) {
        const s = day.GP[gp++];
        appointments.push({
          patientId,
          clinicDayId,
          slotId: s.id,
          kind: "GP",
          origin: "ROUTING",
          activeSlotId: s.id,
          status: "FULFILLED",
          startedAt: minutes(s.startsAt, 6),
          endedAt: s.endsAt,
        });
      }
    }
  }
  await inChunks(appointments, (data) => db.appointment.createMany({ data }));
  await inChunks(phq4s, (data) => db.phq4Assessment.createMany({ data }));
  // Each with its version 1 in the same statement's transaction (the database refuses a triage without its kept version).
  await inChunks(triage, (data) =>
    db.$transaction([
      db.triageOutcome.createMany({ data }),
      db.triageVersion.createMany({
        data: data.map((t) => ({
          triageOutcomeId: t.id!,
          version: 1,
          presentingProblems: t.presentingProblems,
          outcome: t.outcome,
          pathway: t.pathway,
          consentToReferral: t.consentToReferral ?? false,
          riskToSelf: false,
          riskToOthers: false,
          riskFromOthers: false,
          recordedById: t.recordedById,
        })),
      }),
    ]),
  );
  await inChunks(referrals, (data) => db.referral.createMany({ data }));
  await db.$executeRawUnsafe("ANALYZE");
  return { lead, visits: visit, from: FIRST, to: addDays(FIRST, WEEKS * 7 - 1) };
}

export async function benchReportFunnel(): Promise<Array<{ query: string; visits: number; runs: number; medianMs: number; p95Ms: number }>> {
  return withThrowawayDatabase(async (db) => {
    const { lead, visits, from, to } = await generate(db);
    const { filter } = await resolveFilter(db, lead.actor.pcnId, { from, to });
    const funnel = await funnelByPractice(db, lead.actor.pcnId, filter);
    const booked = funnel.reduce((n, p) => n + p.booked, 0);
    if (booked !== visits) throw new Error(`Expected ${visits} visits in the funnel, got ${booked}`);
    return [
      { query: "funnel by practice (one SQL query)", visits, ...(await timeRuns(RUNS, () => funnelByPractice(db, lead.actor.pcnId, filter))) },
      { query: "whole report page (funnel, slots, times, audit)", visits, ...(await timeRuns(RUNS, () => getClinicReport(lead, { from, to }))) },
    ];
  });
}
