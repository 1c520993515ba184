import { beforeAll, describe, expect, it } from "vitest";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { appErrorOf as failure } from "@/tests/helpers/errors";

const DATE = "2027-04-07";
const at = (hhmm: string) => ({ now: londonWallTimeToInstant(DATE, hhmm) });

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "buddy" | "therapist" | "gp" | "gp2" | "lead", ServiceContext>;
let clinicDayId: string;
let clinicId: string;
let slots: Array<{ id: string }>;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const ctx = (key: keyof typeof as) => ({ db: t.db, actor: org.staff[key] });
  as = { reception: ctx("reception"), buddy: ctx("buddy"), therapist: ctx("therapist"), gp: ctx("gp"), gp2: ctx("gp2"), lead: ctx("lead") };
  const clinic = await createClinic(as.lead, { name: "Flow clinic", siteId: org.siteId });
  clinicId = clinic.id;
  const template = await createClinicTemplate(as.lead, { clinicId, name: "Standard", sessions: standardTemplateSessions(org) });
  clinicDayId = (await createClinicDays(as.reception, { templateId: template.id, firstDate: DATE, weeks: 1 })).ids[0];
  slots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
});

async function booked(): Promise<{ patientId: string; appointmentId: string }> {
  const patient = await createPatient(as.reception, demoPatientInput(seq, org.practiceIds));
  const { id } = await bookAppointment(as.reception, { slotId: slots[seq++].id, patientId: patient.id });
  return { patientId: patient.id, appointmentId: id };
}

async function rowOf(patientId: string, ctx: ServiceContext = as.lead, clock = at("13:00")) {
  const board = await getFlowBoard(ctx, { clinicDayId }, clock);
  const row = board.rows.find((r) => r.patientId === patientId);
  if (!row) throw new Error("patient not on the board");
  return row;
}

async function afternoonOf(patientId: string, kind: "TALKING_THERAPIES" | "GP") {
  return t.db.appointment.findFirstOrThrow({ where: { clinicDayId, patientId, kind, activeSlotId: { not: null } }, include: { slot: true } });
}

describe("the flow board follows a patient through the day", () => {
  it("booked → arrived → PHQ-4 done → waiting for Talking Therapies → with → waiting for GP → with GP → left", async () => {
    const { patientId, appointmentId } = await booked();
    expect((await rowOf(patientId, as.lead, at("08:00"))).stage).toBe("booked");

    await checkIn(as.reception, { appointmentId }, at("08:55"));
    expect(await rowOf(patientId, as.lead, at("09:10"))).toMatchObject({
      stage: "arrived",
      stageLabel: "Arrived",
      stageSinceTime: "08:55",
      minutesInStage: 15,
    });

    await recordPhq4(as.buddy, { appointmentId, answers: [2, 1, 1, 1] });
    expect((await rowOf(patientId)).stage).toBe("phq4-done");

    await finishMorningAppointment(as.buddy, { appointmentId }, at("09:40"));
    const therapy = await afternoonOf(patientId, "TALKING_THERAPIES");
    const gp = await afternoonOf(patientId, "GP");
    const waiting = await rowOf(patientId, as.lead, at("12:00"));
    expect(waiting).toMatchObject({ stage: "waiting-talking-therapies", stageSinceTime: "09:40", minutesInStage: 140, overLimit: false });
    expect(waiting.itinerary.morning).toEqual({ time: "09:00", station: expect.stringContaining("Priya Shah") });
    expect(waiting.itinerary.afternoon.map((a) => [a.label, a.clinician])).toEqual([
      ["Talking Therapies", "Maria Costa"],
      ["GP", expect.any(String)],
    ]);
    // Waiting counts from the appointment time: 31 minutes past it is over the clinic's 30.
    const late = await rowOf(patientId, as.lead, { now: new Date(therapy.slot.startsAt.getTime() + 31 * 60_000) });
    expect(late).toMatchObject({ overLimit: true, overLimitText: "Waiting 31 min, over 30" });

    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    expect((await rowOf(patientId)).stage).toBe("with-talking-therapies");
    const called = await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } });
    expect(called).toMatchObject({ status: "ARRIVED", startedAt: therapy.slot.startsAt });

    await finishAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.endsAt });
    expect(await rowOf(patientId, as.lead, { now: therapy.slot.endsAt })).toMatchObject({ stage: "waiting-gp", minutesInStage: 0 });

    await startAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.startsAt });
    expect((await rowOf(patientId, as.lead, { now: gp.slot.startsAt })).stage).toBe("with-gp");
    await finishAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.endsAt });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: gp.id } })).toMatchObject({ status: "FULFILLED", endedAt: gp.slot.endsAt });
    expect((await rowOf(patientId, as.lead, { now: gp.slot.endsAt })).stage).toBe("left");
    expect(
      await t.db.auditEvent.count({
        where: { patientId, action: { in: ["appointment.start", "appointment.finish", "appointment.wrap-around-done"] } },
      }),
    ).toBe(5);
  });

  it("shows each patient's language and whether they need an interpreter, as the record says now", async () => {
    const { patientId } = await booked();
    await t.db.patient.update({ where: { id: patientId }, data: { preferredLanguage: "Urdu", interpreterNeeded: true } });
    expect((await rowOf(patientId)).language).toEqual({ preferredLanguage: "Urdu", interpreterNeeded: true });
    await t.db.patient.update({ where: { id: patientId }, data: { preferredLanguage: "English", interpreterNeeded: false } });
    expect((await rowOf(patientId)).language).toEqual({ preferredLanguage: "English", interpreterNeeded: false });
  });

  it("shows did not attend, cancelled, and counts each stage", async () => {
    const dna = await booked();
    const cancelled = await booked();
    await markNoShow(as.reception, { appointmentId: dna.appointmentId }, at("09:45"));
    await cancelAppointment(as.reception, { appointmentId: cancelled.appointmentId, reason: "Patient phoned to cancel" });
    const board = await getFlowBoard(as.lead, { clinicDayId }, at("13:00"));
    expect(board.rows.find((r) => r.patientId === dna.patientId)?.stageLabel).toBe("Did not attend");
    expect(board.rows.find((r) => r.patientId === cancelled.patientId)?.stage).toBe("cancelled");
    expect(board.counts.find((c) => c.stage === "dna")?.count).toBe(1);
    expect(board.counts.find((c) => c.stage === "cancelled")?.count).toBe(1);
  });

  it("gives PHQ-4 totals to clinical roles and none at all to reception", async () => {
    const { patientId, appointmentId } = await booked();
    await checkIn(as.reception, { appointmentId }, at("09:00"));
    await recordPhq4(as.buddy, { appointmentId, answers: [2, 1, 1, 1] });
    for (const role of ["gp", "lead", "therapist", "buddy"] as const) {
      expect((await rowOf(patientId, as[role])).phq4, role).toEqual({ total: 5, band: "Mild" });
    }
    const board = await getFlowBoard(as.reception, { clinicDayId }, at("13:00"));
    expect(board.showsPhq4).toBe(false);
    for (const row of board.rows) expect("phq4" in row).toBe(false);
    expect(JSON.stringify(board)).not.toMatch(/phq4"|"total"|Mild/);
  });
});

describe("calling in and finishing", () => {
  it("refuses roles without the permission for the appointment's kind, and a second press", async () => {
    const { patientId, appointmentId } = await booked();
    await checkIn(as.reception, { appointmentId }, at("09:00"));
    await recordPhq4(as.buddy, { appointmentId, answers: [3, 3, 0, 0] });
    const therapy = await afternoonOf(patientId, "TALKING_THERAPIES");
    const gp = await afternoonOf(patientId, "GP");
    const clock = { now: therapy.slot.startsAt };

    expect((await failure(startAfternoonAppointment(as.reception, { appointmentId: therapy.id }, clock))).code).toBe("FORBIDDEN");
    expect((await failure(startAfternoonAppointment(as.buddy, { appointmentId: therapy.id }, clock))).code).toBe("FORBIDDEN");
    expect((await failure(startAfternoonAppointment(as.lead, { appointmentId: gp.id }, clock))).code).toBe("FORBIDDEN");
    expect((await failure(startAfternoonAppointment(as.gp, { appointmentId: therapy.id }, clock))).code).toBe("FORBIDDEN");
    expect((await failure(startAfternoonAppointment(as.therapist, { appointmentId: gp.id }, clock))).code).toBe("FORBIDDEN");
    expect((await failure(finishMorningAppointment(as.reception, { appointmentId }))).code).toBe("FORBIDDEN");
    expect((await failure(finishMorningAppointment(as.therapist, { appointmentId }))).code).toBe("FORBIDDEN");
    expect((await failure(startAfternoonAppointment(as.therapist, { appointmentId: appointmentId }, clock))).code).toBe("NOT_FOUND");
    expect((await failure(startAfternoonAppointment(as.therapist, { appointmentId: "nope" }, clock))).code).toBe("VALIDATION");
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } })).toMatchObject({ status: "BOOKED", startedAt: null });

    // Not before the clinic day.
    expect(
      (await failure(startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: new Date("2027-04-06T12:00:00Z") }))).code,
    ).toBe("VALIDATION");
    // Finishing before calling in, then calling in twice.
    const early = await failure(finishAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, clock));
    expect(early).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Someone else already updated this appointment/) });
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, clock);
    const twice = await Promise.allSettled([
      startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, clock),
      startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, clock),
    ]);
    expect(twice.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await t.db.auditEvent.count({ where: { entityId: therapy.id, action: "appointment.start" } })).toBe(1);

    await finishMorningAppointment(as.buddy, { appointmentId });
    expect((await failure(finishMorningAppointment(as.buddy, { appointmentId }))).code).toBe("CONFLICT");
  });
});

describe("auditing a board that polls", () => {
  it("records one view per person per day per 10 minutes", async () => {
    const count = () => t.db.auditEvent.count({ where: { actorId: org.staff.gp2.id, action: "flow-board.view", entityId: clinicDayId } });
    const patients = await t.db.appointment.findMany({ where: { clinicDayId }, distinct: ["patientId"], select: { patientId: true } });
    expect(await count()).toBe(0);
    await getFlowBoard(as.gp2, { clinicDayId });
    expect(await count()).toBe(patients.length);
    await getFlowBoard(as.gp2, { clinicDayId });
    await getFlowBoard(as.gp2, { clinicDayId });
    expect(await count()).toBe(patients.length);
    // Another person's view is audited on its own.
    const before = await t.db.auditEvent.count({ where: { actorId: org.staff.reception.id, action: "flow-board.view" } });
    await getFlowBoard(as.reception, { clinicDayId });
    expect(await t.db.auditEvent.count({ where: { actorId: org.staff.reception.id, action: "flow-board.view" } })).toBeGreaterThanOrEqual(before);
    // Ten minutes on, the same person's view is audited again.
    await getFlowBoard(as.gp2, { clinicDayId }, { now: new Date(Date.now() + 11 * 60_000) });
    expect(await count()).toBe(2 * patients.length);
  });

  it("refuses another PCN's clinic day", async () => {
    const other = await createOrganisation(t.db, { suffix: "fb2", name: "Other PCN" });
    expect((await failure(getFlowBoard({ db: t.db, actor: other.staff.lead }, { clinicDayId }))).code).toBe("NOT_FOUND");
  });
});
