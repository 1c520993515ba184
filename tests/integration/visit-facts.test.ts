/**
 * The per-visit facts the reports count (docs/decisions/0017-visit-facts.md): a change to any row a visit's facts
 * are made of reaches the next report (one test per table the triggers watch), the stored facts then equal the
 * visits recomputed from scratch (tests/helpers/visit-facts.ts), and a change made while a report refreshes is
 * never lost. The random clinic-day sequences check the same law after every step (clinic-day-model.test.ts).
 */
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/db/context";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { updateClinic } from "@/lib/services/clinics/update-clinic";
import { createPatient } from "@/lib/services/patients/create-patient";
import { getClinicReport, type ClinicReport } from "@/lib/services/reports/get-clinic-report";
import { refreshVisitFacts } from "@/lib/services/reports/internal/visit-facts";
import { insertTriage } from "@/tests/helpers/clinical-factories";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, morningSlots, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { factsAgainstReference, reportsAgainstReference } from "@/tests/helpers/visit-facts";

const DATES = ["2027-09-01", "2027-09-08"];
const period = { from: "2027-09-01", to: "2027-09-30" };

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "buddy" | "therapist" | "gp" | "lead", ServiceContext>;
let clinicId: string;
let dayIds: string[];
const patientIds: string[] = [];
/** Patient 0: came on day 0, PHQ-4 total 5 (positive), seen by Talking Therapies and the GP. */
let positiveMorningId: string;
let therapyId: string;
/** Patient 1: came on day 0, PHQ-4 total 1. */
let negativeMorningId: string;
/** Patient 2: did not attend on day 0. */
let absentMorningId: string;
/** Patient 3: booked on day 1. */
let bookedMorningId: string;

const at = (base: Date, minutes: number) => ({ now: new Date(base.getTime() + minutes * 60_000) });

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const ctx = (key: keyof typeof as): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  as = { reception: ctx("reception"), buddy: ctx("buddy"), therapist: ctx("therapist"), gp: ctx("gp"), lead: ctx("lead") };
  clinicId = (await createClinic(as.lead, { name: "Facts clinic", siteId: org.siteId })).id;
  const template = await createClinicTemplate(as.lead, { clinicId, name: "Day", sessions: standardTemplateSessions(org) });
  dayIds = (await createClinicDays(as.reception, { templateId: template.id, firstDate: DATES[0], weeks: 2 })).ids;
  for (let i = 0; i < 4; i++) patientIds.push((await createPatient(as.reception, demoPatientInput(i, org.practiceIds, 94_000))).id);

  const slots = await morningSlots(t.db, dayIds[0]);
  const book = async (i: number, slot = slots[i * 2]) =>
    (await bookAppointment(as.reception, { slotId: slot.id, patientId: patientIds[i] }, { now: new Date("2027-08-20T10:00:00Z") })).id;
  positiveMorningId = await book(0);
  negativeMorningId = await book(1);
  absentMorningId = await book(2);
  bookedMorningId = await book(3, (await morningSlots(t.db, dayIds[1]))[0]);

  for (const [appointmentId, answers] of [
    [positiveMorningId, [2, 1, 1, 1]],
    [negativeMorningId, [0, 1, 0, 0]],
  ] as const) {
    const { slot } = await t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, include: { slot: true } });
    await checkIn(as.reception, { appointmentId }, at(slot.startsAt, -5));
    await recordWrapAroundCheck(as.buddy, { appointmentId, systolic: 120, diastolic: 80 }, at(slot.startsAt, 4));
    await recordPhq4(as.buddy, { appointmentId, answers: [...answers] }, at(slot.startsAt, 10));
    await finishMorningAppointment(as.buddy, { appointmentId }, at(slot.startsAt, 18));
  }
  const absent = await t.db.appointment.findUniqueOrThrow({ where: { id: absentMorningId }, include: { slot: true } });
  await markNoShow(as.reception, { appointmentId: absentMorningId }, at(absent.slot.startsAt, 30));

  const afternoon = await t.db.appointment.findMany({
    where: { clinicDayId: dayIds[0], patientId: patientIds[0], kind: { not: "WRAP_AROUND" }, activeSlotId: { not: null } },
    include: { slot: true },
    orderBy: { slot: { startsAt: "asc" } },
  });
  for (const a of afternoon) {
    const who = a.kind === "TALKING_THERAPIES" ? as.therapist : as.gp;
    await startAfternoonAppointment(who, { appointmentId: a.id }, at(a.slot.startsAt, 5));
    await finishAfternoonAppointment(who, { appointmentId: a.id }, { now: a.slot.endsAt });
  }
  therapyId = afternoon.find((a) => a.kind === "TALKING_THERAPIES")!.id;
}, 120_000);

/** The report (which refreshes the PCN's pending visits first), after checking the stored facts obey the law. */
async function report(filter: Partial<typeof period & { practice: string }> = {}): Promise<ClinicReport> {
  const result = await getClinicReport(as.lead, { ...period, ...filter });
  expect(await factsAgainstReference(t.db, org.pcnId)).toEqual([]);
  return result;
}

describe("a change to what a visit is made of reaches the next report", () => {
  it("starts from the visits as recorded", async () => {
    const r = await report();
    expect(r.counts).toEqual({ booked: 4, attended: 2, screenedPositive: 1, seenByTalkingTherapies: 1, broughtIntoService: 0, wentOnToTreatment: 0 });
    expect(r.attendance.noShows).toBe(1);
    expect(r.attendance.stillBooked).toBe(1);
    expect(await t.db.visitFact.count()).toBe(4);
  });

  it("a PHQ-4 amended below the threshold, and back (Phq4Assessment)", async () => {
    const { slot } = await t.db.appointment.findUniqueOrThrow({ where: { id: positiveMorningId }, include: { slot: true } });
    await recordPhq4(as.buddy, { appointmentId: positiveMorningId, answers: [0, 0, 1, 0], amendReason: "Read back wrongly" }, at(slot.startsAt, 12));
    let r = await report();
    expect(r.counts.screenedPositive).toBe(0);
    expect(r.seenWithoutPositive).toBe(1);
    await recordPhq4(
      as.buddy,
      { appointmentId: positiveMorningId, answers: [2, 1, 1, 1], amendReason: "The first answers were right" },
      at(slot.startsAt, 13),
    );
    r = await report();
    expect(r.counts.screenedPositive).toBe(1);
    expect(r.seenWithoutPositive).toBe(0);
  });

  it("the clinic's threshold decides who screened positive when the report is read (Clinic)", async () => {
    const clinic = await t.db.clinic.findUniqueOrThrow({ where: { id: clinicId } });
    const settings = { clinicId, handoverGapMinutes: clinic.handoverGapMinutes, waitingLimitMinutes: clinic.waitingLimitMinutes };
    await updateClinic(as.lead, { ...settings, phq4Threshold: 6 });
    expect((await report()).counts.screenedPositive).toBe(0);
    await updateClinic(as.lead, { ...settings, phq4Threshold: 1 });
    expect((await report()).counts.screenedPositive).toBe(2);
    await updateClinic(as.lead, { ...settings, phq4Threshold: clinic.phq4Threshold });
    expect((await report()).counts.screenedPositive).toBe(1);
  });

  it("a triage, then its referral accepted and in treatment (TriageOutcome, Referral)", async () => {
    const triage = await insertTriage(t.db, {
      appointmentId: therapyId,
      patientId: patientIds[0],
      presentingProblems: "Low mood",
      outcome: "REFER",
      pathway: "STEP_2",
      consentToReferral: true,
      recordedById: org.staff.therapist.id,
    });
    const referral = await t.db.referral.create({
      data: { patientId: patientIds[0], triageOutcomeId: triage.id, pathway: "STEP_2", referredAt: new Date("2027-09-01") },
    });
    expect((await report()).counts.broughtIntoService).toBe(0);
    await t.db.referral.update({ where: { id: referral.id }, data: { status: "ACCEPTED", acceptedAt: new Date("2027-09-10") } });
    expect((await report()).counts).toMatchObject({ broughtIntoService: 1, wentOnToTreatment: 0 });
    await t.db.referral.update({ where: { id: referral.id }, data: { status: "ENTERED_TREATMENT", enteredTreatmentAt: new Date("2027-09-20") } });
    expect((await report()).counts).toMatchObject({ broughtIntoService: 1, wentOnToTreatment: 1 });
  });

  it("a patient who moves practice takes their visits with them (Patient)", async () => {
    const practices = await t.db.practice.findMany({ where: { id: { in: org.practiceIds } } });
    const patient = await t.db.patient.findUniqueOrThrow({ where: { id: patientIds[1] } });
    const to = practices.find((p) => p.id !== patient.practiceId)!;
    const from = practices.find((p) => p.id === patient.practiceId)!;
    const bookedAt = async (odsCode: string) => (await report({ practice: odsCode })).counts.booked;
    const [fromBefore, toBefore] = [await bookedAt(from.odsCode), await bookedAt(to.odsCode)];
    await t.db.patient.update({ where: { id: patient.id }, data: { practiceId: to.id } });
    expect([await bookedAt(from.odsCode), await bookedAt(to.odsCode)]).toEqual([fromBefore - 1, toBefore + 1]);
    await t.db.patient.update({ where: { id: patient.id }, data: { practiceId: from.id } });
    expect([await bookedAt(from.odsCode), await bookedAt(to.odsCode)]).toEqual([fromBefore, toBefore]);
  });

  it("a did-not-attend undone, an arrival undone (Appointment)", async () => {
    await undoArrival(as.reception, { appointmentId: absentMorningId, reason: "Marked by mistake" });
    let r = await report();
    expect(r.attendance).toMatchObject({ noShows: 0, stillBooked: 2, attended: 2 });
    const absent = await t.db.appointment.findUniqueOrThrow({ where: { id: absentMorningId }, include: { slot: true } });
    await checkIn(as.reception, { appointmentId: absentMorningId }, at(absent.slot.startsAt, -1));
    r = await report();
    expect(r.attendance).toMatchObject({ noShows: 0, stillBooked: 1, attended: 3 });
    await undoArrival(as.reception, { appointmentId: absentMorningId, reason: "Checked in the wrong patient" });
    r = await report();
    expect(r.attendance).toMatchObject({ noShows: 0, stillBooked: 2, attended: 2 });
  });

  it("a morning wait follows its wrap-around check and its slot's time (WrapAroundCheck, Slot)", async () => {
    const waitMorning = async () => (await report()).times.find((m) => m.measure === "waitMorning")!;
    const before = await waitMorning();
    const morning = await t.db.appointment.findUniqueOrThrow({ where: { id: negativeMorningId }, include: { slot: true } });
    // The check recorded earlier than the PHQ-4 becomes the moment the patient was seen.
    await t.db.wrapAroundCheck.update({ where: { appointmentId: negativeMorningId }, data: { recordedAt: at(morning.slot.startsAt, 1).now } });
    const afterCheck = await waitMorning();
    expect(afterCheck).not.toEqual(before);
    // A slot's time moved by hand (the services never move a booked slot; the facts follow even so).
    await t.db.slot.update({ where: { id: morning.slotId }, data: { startsAt: at(morning.slot.startsAt, -30).now } });
    expect(await waitMorning()).not.toEqual(afterCheck);
    await t.db.slot.update({ where: { id: morning.slotId }, data: { startsAt: morning.slot.startsAt } });
  });

  it("a booking moved to another day moves its visit, and a cancelled one is no visit (Appointment)", async () => {
    const free = (await morningSlots(t.db, dayIds[0]))[15];
    await rescheduleAppointment(as.reception, { appointmentId: bookedMorningId, slotId: free.id }, { now: new Date("2027-08-25T10:00:00Z") });
    let r = await report();
    expect(r.counts.booked).toBe(4);
    expect(await t.db.visitFact.count({ where: { clinicDayId: dayIds[1] } })).toBe(0);
    await cancelAppointment(as.reception, { appointmentId: bookedMorningId, reason: "Away" });
    r = await report();
    expect(r.counts.booked).toBe(3);
    expect(await t.db.visitFact.count()).toBe(3);
  });

  it("the database keeps an appointment on its slot's clinic day", async () => {
    const slot = (await morningSlots(t.db, dayIds[0]))[16];
    await expect(
      t.db.appointment.create({
        data: { patientId: patientIds[3], clinicDayId: dayIds[1], slotId: slot.id, activeSlotId: slot.id, kind: "WRAP_AROUND" },
      }),
    ).rejects.toThrow(/slot's clinic day/);
    const session = await t.db.clinicSession.findFirstOrThrow({ where: { clinicDayId: dayIds[0] } });
    await expect(t.db.clinicSession.update({ where: { id: session.id }, data: { clinicDayId: dayIds[1] } })).rejects.toThrow(
      /stays on its clinic day/,
    );
  });
});

describe("reports and writers at the same time", () => {
  /** A connection of its own, for a transaction held open across the app's calls. */
  async function connection() {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    return client;
  }

  it("a change committed after a refresh began is counted by every report, and stored by the next refresh", async () => {
    const writer = await connection();
    try {
      await report();
      const morning = await t.db.appointment.findUniqueOrThrow({ where: { id: absentMorningId } });
      await writer.query("BEGIN");
      await writer.query(`UPDATE "Appointment" SET status = 'NOSHOW', "noShowAt" = now() WHERE id = $1`, [morning.id]);
      // The refresh does not wait for the writer (it only inserts its mark) and cannot see the change yet.
      await refreshVisitFacts(t.db, org.pcnId);
      await writer.query("COMMIT");
      // Not in the stored facts yet: its mark is still there…
      expect(await factsAgainstReference(t.db, org.pcnId)).toHaveLength(1);
      // …so every report recomputes that visit meanwhile.
      const counted = await reportsAgainstReference(t.db, org.pcnId, period);
      expect(counted.funnel).toEqual(counted.referenceFunnel);
      expect(counted.times).toEqual(counted.referenceTimes);
      expect((await getClinicReport(as.lead, period)).attendance.noShows).toBe(1);
      expect(await factsAgainstReference(t.db, org.pcnId)).toEqual([]);
    } finally {
      await writer.end();
    }
  });

  it("a refresh waiting for another sees the writes committed before it runs", async () => {
    const [first, writer] = [await connection(), await connection()];
    try {
      await first.query("BEGIN");
      await first.query("SELECT pg_advisory_xact_lock(170171, hashtext($1))", [org.pcnId]);
      const waiting = refreshVisitFacts(t.db, org.pcnId);
      await writer.query("BEGIN");
      await writer.query(`UPDATE "Appointment" SET status = 'BOOKED', "noShowAt" = NULL WHERE id = $1`, [absentMorningId]);
      await writer.query("COMMIT");
      await first.query("COMMIT");
      await waiting;
      expect(await t.db.visitFactPending.count()).toBe(0);
      expect(await factsAgainstReference(t.db, org.pcnId)).toEqual([]);
      expect((await report()).attendance.noShows).toBe(0);
    } finally {
      await first.end();
      await writer.end();
    }
  });

  it("a refresh rolled back leaves its marks for the next one", async () => {
    const morning = await t.db.appointment.findUniqueOrThrow({ where: { id: absentMorningId } });
    await t.db.appointment.update({ where: { id: morning.id }, data: { status: "NOSHOW", noShowAt: new Date() } });
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.$executeRaw`DELETE FROM "VisitFactPending"`;
        throw new Error("the report failed");
      }),
    ).rejects.toThrow("the report failed");
    expect(await t.db.visitFactPending.count()).toBeGreaterThan(0);
    expect((await report()).attendance.noShows).toBe(1);
  });
});
