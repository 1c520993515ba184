import { beforeAll, describe, expect, it } from "vitest";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import {
  arrivedMorningAppointment,
  createOrganisation,
  demoPatientInput,
  morningSlots,
  standardTemplateSessions,
  type Organisation,
} from "@/tests/helpers/factories";
import { appErrorOf as failure } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let buddy: ServiceContext;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  buddy = { db: t.db, actor: org.staff.buddy };
});

/** A clinic day with `n` patients checked in to the morning. */
async function clinicWithArrivals(n: number, date: string) {
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: `Clinic ${date}`, siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids } = await createClinicDays({ db: t.db, actor: org.staff.reception }, { templateId: template.id, firstDate: date, weeks: 1 });
  const clinicDayId = ids[0];
  const morning = await morningSlots(t.db, clinicDayId);
  const appointments = [];
  for (let i = 0; i < n; i++) {
    const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
    appointments.push(await arrivedMorningAppointment(t.db, { patientId: patient.id, clinicDayId, slotId: morning[i].id }));
  }
  return { clinicDayId, clinicId: clinic.id, appointments };
}

async function afternoon(patientId: string, clinicDayId: string) {
  return t.db.appointment.findMany({
    where: { patientId, clinicDayId, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
    include: { slot: true },
    orderBy: { slot: { startsAt: "asc" } },
  });
}

describe("recording a PHQ-4 routes the afternoon", () => {
  it("books Talking Therapies then a GP at least the handover gap later for a total of 5", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-02-03");
    const result = await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [2, 1, 1, 1] });
    expect(result).toMatchObject({ total: 5, anxiety: 3, depression: 2, band: "mild", amended: false });
    expect(result.routing.reason).toBe("PHQ-4 total 5 ≥ 3: Talking Therapies, then GP");
    const booked = await afternoon(appointments[0].patientId, clinicDayId);
    expect(booked.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    expect(booked[1].slot.startsAt.getTime()).toBeGreaterThanOrEqual(booked[0].slot.endsAt.getTime() + 10 * 60_000);
    expect(booked.every((a) => a.reason === "PHQ-4 total 5 ≥ 3: Talking Therapies, then GP")).toBe(true);
    expect(await t.db.routingDecision.count({ where: { patientId: appointments[0].patientId, talkingTherapies: true } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { patientId: appointments[0].patientId, action: "phq4.record" } })).toBe(1);
  });

  it("books a GP only for a total of 2", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-02-10");
    const result = await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [1, 0, 1, 0] });
    expect(result.routing.reason).toBe("PHQ-4 total 2 < 3: GP only");
    expect((await afternoon(appointments[0].patientId, clinicDayId)).map((a) => a.kind)).toEqual(["GP"]);
  });

  it("amending 5 → 2 needs a reason, keeps the first answers, frees the therapy slot and keeps the GP", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-02-17");
    const appointmentId = appointments[0].id;
    const patientId = appointments[0].patientId;
    await recordPhq4(buddy, { appointmentId, answers: [2, 1, 1, 1] });
    const before = await afternoon(patientId, clinicDayId);

    const refused = await failure(recordPhq4(buddy, { appointmentId, answers: [1, 1, 0, 0] }));
    expect(refused.code).toBe("VALIDATION");
    expect(await afternoon(patientId, clinicDayId)).toHaveLength(2);

    const amended = await recordPhq4(buddy, { appointmentId, answers: [1, 1, 0, 0], amendReason: "Patient misheard question 1" });
    expect(amended).toMatchObject({ total: 2, amended: true });
    const after = await afternoon(patientId, clinicDayId);
    expect(after.map((a) => a.kind)).toEqual(["GP"]);
    expect(after[0].id).toBe(before.find((a) => a.kind === "GP")!.id);
    const therapy = await t.db.appointment.findUniqueOrThrow({ where: { id: before[0].id } });
    expect(therapy).toMatchObject({ status: "CANCELLED", activeSlotId: null });
    const assessments = await t.db.phq4Assessment.findMany({ where: { appointmentId }, orderBy: { recordedAt: "asc" } });
    expect(assessments.map((a) => a.total)).toEqual([5, 2]);
    expect(assessments[1]).toMatchObject({ amendsId: assessments[0].id, amendReason: "Patient misheard question 1" });
  });

  it("amending 2 → 6 adds therapy before the GP", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-02-24");
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [0, 1, 1, 0] });
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [2, 2, 1, 1], amendReason: "Recorded on the wrong form" });
    const after = await afternoon(appointments[0].patientId, clinicDayId);
    expect(after.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    expect(after[1].slot.startsAt.getTime()).toBeGreaterThanOrEqual(after[0].slot.endsAt.getTime() + 10 * 60_000);
  });

  it("waitlists a positive screen with a reason when Talking Therapies is full, and still books the GP", async () => {
    // One therapist, 13:00–16:00 in 30-minute slots: 6 slots for 7 positive screens.
    const { clinicDayId, clinicId, appointments } = await clinicWithArrivals(7, "2027-03-03");
    for (const a of appointments) await recordPhq4(buddy, { appointmentId: a.id, answers: [2, 2, 2, 2] });
    const therapy = await t.db.appointment.count({ where: { clinicDayId, kind: "TALKING_THERAPIES", activeSlotId: { not: null } } });
    expect(therapy).toBe(6);
    const waitlist = await t.db.waitlistEntry.findMany({ where: { clinicId, openClinicId: clinicId } });
    expect(waitlist).toHaveLength(1);
    expect(waitlist[0]).toMatchObject({ kind: "TALKING_THERAPIES", patientId: appointments[6].patientId });
    expect(waitlist[0].reason).toMatch(/No Talking Therapies slot/);
    expect((await afternoon(appointments[6].patientId, clinicDayId)).map((a) => a.kind)).toEqual(["GP"]);
  });

  it("routes concurrent PHQ-4s without double-booking: the afternoon is locked while it is planned", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(9, "2027-03-10");
    const results = await Promise.allSettled(appointments.map((a) => recordPhq4(buddy, { appointmentId: a.id, answers: [3, 3, 0, 0] })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const active = await t.db.appointment.findMany({
      where: { clinicDayId, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
    });
    expect(active.filter((a) => a.kind === "TALKING_THERAPIES")).toHaveLength(6);
    expect(active.filter((a) => a.kind === "GP")).toHaveLength(9);
    expect(new Set(active.map((a) => a.slotId)).size).toBe(active.length);
    expect(await t.db.waitlistEntry.count({ where: { fromClinicDayId: clinicDayId, kind: "TALKING_THERAPIES" } })).toBe(3);
  });

  it("refuses a PHQ-4 before check-in, bad answers, and roles without the permission, storing nothing", async () => {
    const { appointments } = await clinicWithArrivals(1, "2027-03-17");
    const appointmentId = appointments[0].id;
    const count = () => t.db.phq4Assessment.count({ where: { appointmentId } });
    const missing = await failure(recordPhq4(buddy, { appointmentId, answers: [1, null, 2, 0] }));
    expect(missing.code).toBe("VALIDATION");
    expect(missing.message).toBe("Answer question 2: Not being able to stop or control worrying");
    expect((await failure(recordPhq4(buddy, { appointmentId, answers: [1, 4, 2, 0] }))).code).toBe("VALIDATION");
    expect((await failure(recordPhq4({ db: t.db, actor: org.staff.reception }, { appointmentId, answers: [1, 1, 1, 1] }))).code).toBe("FORBIDDEN");
    await t.db.appointment.update({ where: { id: appointmentId }, data: { status: "BOOKED" } });
    expect((await failure(recordPhq4(buddy, { appointmentId, answers: [1, 1, 1, 1] }))).message).toMatch(/Check the patient in/);
    expect(await count()).toBe(0);
  });
});
