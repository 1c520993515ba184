import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { hashToken, MAX_DOB_ATTEMPTS } from "@/lib/patient-links";
import { resolvePatientLink } from "@/lib/auth/patient-link";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { getDayView } from "@/lib/services/clinic-days/get-day-view";
import { invitePatients } from "@/lib/services/patient-links/invite-patients";
import { openPatientLink } from "@/lib/services/patient-links/open-patient-link";
import { verifyPatientDob } from "@/lib/services/patient-links/verify-patient-dob";
import { getPatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import { bookViaLink } from "@/lib/services/patient-links/book-via-link";
import { moveViaLink } from "@/lib/services/patient-links/move-via-link";
import { cancelViaLink } from "@/lib/services/patient-links/cancel-via-link";
import { TIME_TAKEN_MESSAGE } from "@/lib/services/patient-links/internal/patient-visit";
import { prepareViaLink } from "@/lib/services/patient-links/prepare-via-link";
import { checkInViaLink } from "@/lib/services/patient-links/check-in-via-link";
import { answerPhq4ViaLink } from "@/lib/services/patient-links/answer-phq4-via-link";
import { checkIn } from "@/lib/services/appointments/check-in";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { getAssessmentContext } from "@/lib/services/assessments/get-assessment-context";
import { getMorningList } from "@/lib/services/assessments/get-morning-list";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import type { PatientLinkContext, PublicContext, ServiceContext } from "@/lib/db/context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { expectAppError } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let days: string[];
let seq = 0;

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A public request from its own address, so the per-address allowance of one test does not touch another's. */
const from = (ip: string): PublicContext => ({ db: t.db, request: { ip, userAgent: "vitest" } });

async function newPatient(overrides: Partial<ReturnType<typeof demoPatientInput>> = {}) {
  const input = { ...demoPatientInput(seq, org.practiceIds), ...overrides };
  seq += 1;
  const { id } = await createPatient(reception, input);
  return { id, dob: input.dateOfBirth };
}

const dobOf = (iso: string) => {
  const [year, month, day] = iso.split("-").map(Number);
  return { day, month, year };
};

/** Invites one patient and opens the link as the patient would: the token from the desk, then the date of birth. */
async function patientWithLink(overrides: Partial<ReturnType<typeof demoPatientInput>> = {}) {
  const patient = await newPatient(overrides);
  const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
  const token = invitations[0].path!.slice("/p/".length);
  const ip = `10.1.${seq}.1`;
  const { sessionToken } = await verifyPatientDob(from(ip), token, dobOf(patient.dob));
  const link = await resolvePatientLink(t.db, token, sessionToken, new Date());
  expect(link).not.toBeNull();
  const ctx: PatientLinkContext = { db: t.db, link: link!, request: { ip } };
  return { ...patient, token, sessionToken, ctx, linkId: invitations[0].linkId };
}

async function morningSlots(clinicDayId: string) {
  return t.db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const lead: ServiceContext = { db: t.db, actor: org.staff.lead };
  reception = { db: t.db, actor: org.staff.reception };
  const clinic = await createClinic(lead, { name: "Links clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const created = await createClinicDays(reception, { templateId: template.id, firstDate: addDays(londonToday(), 7), weeks: 3 });
  days = created.ids;
}, 60_000);

describe("invitations", () => {
  it("store only the token's hash, and queue one invitation per channel the patient agreed to", async () => {
    const both = await newPatient({ phone: "07700 900123", email: "both@example.com", consentToTextReminders: true, consentToEmailReminders: true });
    const textOnly = await newPatient({
      phone: "07700 900124",
      email: "t@example.com",
      consentToTextReminders: true,
      consentToEmailReminders: false,
    });
    const none = await newPatient({ phone: "07700 900125", consentToTextReminders: false, consentToEmailReminders: false });
    const { invitations } = await invitePatients(reception, { patientIds: [both.id, textOnly.id, none.id] });
    const byPatient = new Map(invitations.map((i) => [i.patientId, i]));
    expect(byPatient.get(both.id)!.channels.sort()).toEqual(["EMAIL", "SMS"]);
    expect(byPatient.get(textOnly.id)!.channels).toEqual(["SMS"]);
    expect(byPatient.get(none.id)!.channels).toEqual([]);
    // Several at once: no link is handed back to the desk.
    expect(invitations.every((i) => i.path === undefined)).toBe(true);

    const rows = await t.db.reminderOutbox.findMany({ where: { patientId: { in: [both.id, textOnly.id, none.id] } } });
    expect(rows.map((r) => `${r.patientId}:${r.channel}`).sort()).toEqual([`${both.id}:EMAIL`, `${both.id}:SMS`, `${textOnly.id}:SMS`].sort());
    for (const row of rows) {
      expect(row.kind).toBe("INVITATION");
      expect(row.appointmentId).toBeNull();
      const link = await t.db.patientLink.findUniqueOrThrow({ where: { id: row.patientLinkId! } });
      expect(link.tokenHash).toBe(hashToken(row.linkToken!));
      expect(link.tokenHash).not.toBe(row.linkToken);
    }
    expect(await t.db.auditEvent.count({ where: { action: "patient.link.create", patientId: { in: [both.id, textOnly.id, none.id] } } })).toBe(3);
  });

  it("cannot keep a token in a sent invitation (check constraint)", async () => {
    const patient = await newPatient({ consentToTextReminders: true, phone: "07700 900126" });
    await invitePatients(reception, { patientIds: [patient.id] });
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { patientId: patient.id, kind: "INVITATION" } });
    await expect(t.db.reminderOutbox.update({ where: { id: row.id }, data: { status: "SENT", sentAt: new Date() } })).rejects.toThrow(
      /ReminderOutbox_linkToken_check/,
    );
    await t.db.reminderOutbox.update({ where: { id: row.id }, data: { status: "SENT", sentAt: new Date(), linkToken: null } });
  });

  it("replace the patient's earlier link: the old one stops working", async () => {
    const first = await patientWithLink();
    await invitePatients(reception, { patientIds: [first.id] });
    expect((await openPatientLink(from("10.9.0.1"), first.token)).state).toBe("CANCELLED");
    expect(await resolvePatientLink(t.db, first.token, first.sessionToken, new Date())).toBeNull();
    const queued = await t.db.reminderOutbox.findMany({ where: { patientLinkId: first.linkId } });
    expect(queued.every((r) => r.status !== "QUEUED" && r.linkToken === null)).toBe(true);
  });

  it("are refused to staff without the permission and for patients of another PCN", async () => {
    const buddy: ServiceContext = { db: t.db, actor: org.staff.buddy };
    const patient = await newPatient();
    await expectAppError(invitePatients(buddy, { patientIds: [patient.id] }), "FORBIDDEN");
    const other = await createOrganisation(t.db, { suffix: "-links" });
    await expectAppError(invitePatients({ db: t.db, actor: other.staff.reception }, { patientIds: [patient.id] }), "NOT_FOUND");
  });
});

describe("opening a link", () => {
  it("says nothing but its state before the date of birth, and not-found for an unknown or malformed token", async () => {
    const patient = await newPatient();
    const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
    const token = invitations[0].path!.slice(3);
    expect(await openPatientLink(from("10.2.0.1"), token)).toEqual({ state: "OPEN" });
    expect(await openPatientLink(from("10.2.0.1"), `${token.slice(0, 42)}${token[42] === "A" ? "B" : "A"}`)).toEqual({ state: "NOT_FOUND" });
    expect(await openPatientLink(from("10.2.0.1"), "../etc")).toEqual({ state: "NOT_FOUND" });
  });

  it("expires after 7 days: the date of birth is then refused even when right", async () => {
    const patient = await newPatient();
    const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
    const token = invitations[0].path!.slice(3);
    const later = new Date(Date.now() + 7 * 86_400_000 + 1000);
    expect((await openPatientLink(from("10.3.0.1"), token, { now: later })).state).toBe("EXPIRED");
    const error = await expectAppError(verifyPatientDob(from("10.3.0.1"), token, dobOf(patient.dob), { now: later }), "FORBIDDEN");
    expect(error.message).toMatch(/expired/);
    const justBefore = new Date(Date.now() + 7 * 86_400_000 - 60_000);
    await verifyPatientDob(from("10.3.0.2"), token, dobOf(patient.dob), { now: justBefore });
  });

  it("locks after 5 wrong dates of birth, even guessed at once, and then refuses the right one", async () => {
    const patient = await newPatient({ dateOfBirth: "1961-04-09" });
    const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
    const token = invitations[0].path!.slice(3);
    const wrong = Array.from({ length: 8 }, (_, i) => ({ day: 10 + i, month: 4, year: 1961 }));
    const results = await Promise.allSettled(wrong.map((dob, i) => verifyPatientDob(from(`10.4.0.${i + 1}`), token, dob)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const link = await t.db.patientLink.findUniqueOrThrow({ where: { id: invitations[0].linkId } });
    expect(link.failedDobAttempts).toBe(MAX_DOB_ATTEMPTS);
    expect(link.lockedAt).not.toBeNull();
    const error = await expectAppError(verifyPatientDob(from("10.4.1.1"), token, dobOf("1961-04-09")), "FORBIDDEN");
    expect(error.message).toMatch(/locked/);
    expect(await t.db.auditEvent.count({ where: { action: "patient.link.lock", entityId: link.id } })).toBe(1);
  });

  it("tells how many tries are left, and a right answer opens a session for this browser only", async () => {
    const patient = await newPatient({ dateOfBirth: "1950-12-31" });
    const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
    const token = invitations[0].path!.slice(3);
    const error = await expectAppError(verifyPatientDob(from("10.5.0.1"), token, { day: 30, month: 12, year: 1950 }), "VALIDATION");
    expect(error.message).toMatch(/4 tries left/);
    const { sessionToken } = await verifyPatientDob(from("10.5.0.1"), token, { day: "31", month: "12", year: "1950" });
    expect(await resolvePatientLink(t.db, token, sessionToken, new Date())).toMatchObject({ patientId: patient.id });
    expect(await resolvePatientLink(t.db, token, undefined, new Date())).toBeNull();
    expect(await resolvePatientLink(t.db, token, sessionToken, new Date(Date.now() + 31 * 60_000))).toBeNull();
  });

  it("throttles one address across links", async () => {
    const patient = await newPatient();
    const { invitations } = await invitePatients(reception, { patientIds: [patient.id] });
    const token = invitations[0].path!.slice(3);
    const ip = "10.6.0.1";
    for (let i = 0; i < 20; i++) await verifyPatientDob(from(ip), "x".repeat(43), { day: 1, month: 1, year: 1950 }).catch(() => undefined);
    await expectAppError(verifyPatientDob(from(ip), token, dobOf(patient.dob)), "RATE_LIMITED");
    await verifyPatientDob(from("10.6.0.2"), token, dobOf(patient.dob));
  });
});

describe("a link reads and changes only its own patient", () => {
  it("a session of one link does not open another, and the visit shows only the link's patient", async () => {
    const a = await patientWithLink();
    const b = await patientWithLink();
    // B's cookie with A's token, and the other way round: neither opens.
    expect(await resolvePatientLink(t.db, a.token, b.sessionToken, new Date())).toBeNull();
    expect(await resolvePatientLink(t.db, b.token, a.sessionToken, new Date())).toBeNull();
    const [slot] = await morningSlots(days[2]);
    await bookAppointment(reception, { slotId: slot.id, patientId: b.id });
    // A changed patient id in the context is not something a request can send: the context comes from the row.
    const visit = await getPatientVisit(a.ctx);
    expect(visit.appointment).toBeNull();
    expect(JSON.stringify(visit)).not.toContain(b.id);
    // A cannot cancel B's appointment: cancel acts on A's own, and A has none.
    await expectAppError(cancelViaLink(a.ctx), "NOT_FOUND");
    expect((await t.db.appointment.findFirstOrThrow({ where: { patientId: b.id } })).status).toBe("BOOKED");
  });

  it("refuses a slot of another PCN", async () => {
    const a = await patientWithLink();
    const other = await createOrganisation(t.db, { suffix: "-links2" });
    const lead: ServiceContext = { db: t.db, actor: other.staff.lead };
    const clinic = await createClinic(lead, { name: "Other", siteId: other.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "S", sessions: standardTemplateSessions(other) });
    const { ids } = await createClinicDays(
      { db: t.db, actor: other.staff.reception },
      { templateId: template.id, firstDate: addDays(londonToday(), 8), weeks: 1 },
    );
    const [slot] = await morningSlots(ids[0]);
    await expectAppError(bookViaLink(a.ctx, { slotId: slot.id }), "NOT_FOUND");
  });
});

describe("choosing a time through the link", () => {
  it("offers free times and place only, books through the desk's statement, and reception's day shows who booked", async () => {
    const a = await patientWithLink();
    const visit = await getPatientVisit(a.ctx);
    expect(visit.days.length).toBeGreaterThan(0);
    const [day] = visit.days;
    expect(Object.keys(day).sort()).toEqual(["clinicDayId", "date", "dateLabel", "place", "times"]);
    expect(Object.keys(day.times[0]).sort()).toEqual(["slotId", "startsAt", "time"]);
    expect(new Set(day.times.map((x) => x.time)).size).toBe(day.times.length);
    const { id } = await bookViaLink(a.ctx, { slotId: day.times[0].slotId });
    const appointment = await t.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(appointment).toMatchObject({ bookedById: null, bookedViaLinkId: a.linkId, origin: "BOOKING", status: "BOOKED" });
    expect(await t.db.auditEvent.count({ where: { action: "patient.link.book", entityId: a.linkId } })).toBe(1);
    const view = await getDayView(reception, { clinicDayId: day.clinicDayId });
    expect(view.appointments.find((x) => x.id === id)).toMatchObject({ bookedByPatient: true });
    // One appointment at a time: a second booking is refused.
    await expectAppError(bookViaLink(a.ctx, { slotId: day.times[1].slotId }), "CONFLICT");
  });

  it("racing reception for one slot: exactly one wins, every time", async () => {
    const slots = (await morningSlots(days[1])).slice(0, 6);
    for (const slot of slots) {
      const a = await patientWithLink();
      const desk = await newPatient();
      const [viaLink, viaDesk] = await Promise.allSettled([
        bookViaLink(a.ctx, { slotId: slot.id }),
        bookAppointment(reception, { slotId: slot.id, patientId: desk.id }),
      ]);
      expect([viaLink.status, viaDesk.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      if (viaLink.status === "rejected") {
        expect(viaLink.reason.code).toBe("CONFLICT");
        expect(viaLink.reason.message).toBe(TIME_TAKEN_MESSAGE);
        const offered = viaLink.reason.details.nextFreeTimes as Array<{ slotId: string }>;
        expect(offered.length).toBeGreaterThan(0);
        expect(offered.map((o) => o.slotId)).not.toContain(slot.id);
      }
      expect(await t.db.appointment.count({ where: { activeSlotId: slot.id } })).toBe(1);
    }
  });

  it("moving races reception too: one wins, and a lost move leaves the old booking standing", async () => {
    const [first, target] = (await morningSlots(days[0])).slice(-2);
    const a = await patientWithLink();
    const { id } = await bookViaLink(a.ctx, { slotId: first.id });
    const desk = await newPatient();
    const [moved, booked] = await Promise.allSettled([
      moveViaLink(a.ctx, { slotId: target.id }),
      bookAppointment(reception, { slotId: target.id, patientId: desk.id }),
    ]);
    expect([moved.status, booked.status].filter((s) => s === "fulfilled")).toHaveLength(1);
    const appointment = await t.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(appointment.activeSlotId).toBe(moved.status === "fulfilled" ? target.id : first.id);
    expect(await t.db.appointment.count({ where: { activeSlotId: target.id } })).toBe(1);
  });

  it("moves and cancels only until the day before", async () => {
    const a = await patientWithLink();
    const [slot, other] = (await morningSlots(days[2])).slice(2, 4);
    await bookViaLink(a.ctx, { slotId: slot.id });
    const day = await t.db.clinicDay.findUniqueOrThrow({ where: { id: days[2] } });
    const onTheDay = new Date(`${day.date.toISOString().slice(0, 10)}T08:00:00Z`);
    await expectAppError(moveViaLink(a.ctx, { slotId: other.id }, { now: onTheDay }), "CONFLICT");
    await expectAppError(cancelViaLink(a.ctx, { now: onTheDay }), "CONFLICT");
    await cancelViaLink(a.ctx);
    expect(await t.db.appointment.count({ where: { activeSlotId: slot.id } })).toBe(0);
  });

  it("rescheduling by reception keeps working on a self-booked appointment", async () => {
    const a = await patientWithLink();
    const [slot, other] = (await morningSlots(days[2])).slice(6, 8);
    const { id } = await bookViaLink(a.ctx, { slotId: slot.id });
    await rescheduleAppointment(reception, { appointmentId: id, slotId: other.id });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id } })).activeSlotId).toBe(other.id);
  });
});

describe("preparing and checking in through the link", () => {
  const allConfirmed = {
    formatUnderstood: "yes",
    fastingUnderstood: "yes",
    bringMedicinesList: "yes",
    interpreterNeedsConfirmed: "yes",
    accessNeedsConfirmed: "yes",
  };

  it("a preparation completed online counts as the preparation call; every item must be confirmed", async () => {
    const a = await patientWithLink();
    const [slot] = (await morningSlots(days[1])).slice(-3);
    const { id } = await bookViaLink(a.ctx, { slotId: slot.id });
    const refused = await expectAppError(prepareViaLink(a.ctx, { ...allConfirmed, fastingUnderstood: "" }), "VALIDATION");
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(["fastingUnderstood"]);
    await prepareViaLink(a.ctx, { ...allConfirmed, accessNeeds: "Step-free access" });
    const call = await t.db.preparationCall.findUniqueOrThrow({ where: { appointmentId: id } });
    expect(call).toMatchObject({
      doneById: null,
      doneViaLinkId: a.linkId,
      fastingAdvised: true,
      notes: "Access needs given by the patient: Step-free access",
    });
    const view = await getDayView(reception, { clinicDayId: days[1] });
    expect(view.appointments.find((x) => x.id === id)?.preparation).toMatchObject({ doneBy: "the patient, online" });
    expect((await getPatientVisit(a.ctx)).appointment?.prepared).toBe(true);
  });

  it("refuses access needs with a null byte or a hidden direction character, naming the field, and writes nothing", async () => {
    const a = await patientWithLink();
    const [slot] = (await morningSlots(days[1])).slice(-4);
    const { id } = await bookViaLink(a.ctx, { slotId: slot.id });
    for (const accessNeeds of ["Step-free\u0000 access", "\u202Eevil"]) {
      const refused = await expectAppError(prepareViaLink(a.ctx, { ...allConfirmed, accessNeeds }), "VALIDATION");
      expect(refused.fieldErrors?.accessNeeds).toMatch(/^The access needs box contains a/);
    }
    expect(await t.db.preparationCall.findUnique({ where: { appointmentId: id } })).toBeNull();
  });

  it("checks in only on the day inside the window, shows on the flow board as self check-in, uses the link up, and reception can undo it", async () => {
    const a = await patientWithLink();
    const slot = (await morningSlots(days[0]))[10];
    const { id } = await bookViaLink(a.ctx, { slotId: slot.id });
    const early = new Date(slot.startsAt.getTime() - 2 * 3_600_000);
    await expectAppError(checkInViaLink(a.ctx), "VALIDATION");
    await expectAppError(checkInViaLink(a.ctx, { now: early }), "VALIDATION");
    const onTime = new Date(slot.startsAt.getTime() - 10 * 60_000);
    await checkInViaLink(a.ctx, { now: onTime });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "ARRIVED",
      selfCheckedIn: true,
      checkedInAt: onTime,
    });
    expect((await t.db.patientLink.findUniqueOrThrow({ where: { id: a.linkId } })).usedAt).toEqual(onTime);
    expect(await resolvePatientLink(t.db, a.token, a.sessionToken, onTime)).toBeNull();
    const board = await getFlowBoard(reception, { clinicDayId: days[0] }, { now: onTime });
    expect(board.rows.find((r) => r.patientId === a.id)?.stageLabel).toBe("Arrived (self check-in)");
    await undoArrival(reception, { appointmentId: id, reason: "Checked in by mistake" });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "BOOKED", selfCheckedIn: false, checkedInAt: null });
  });
});

describe("the PHQ-4 at home", () => {
  const positive = { q1: "3", q2: "2", q3: "2", q4: "1" }; // total 8
  const negative = { q1: "0", q2: "1", q3: "0", q4: "0" }; // total 1
  let buddy: ServiceContext;
  beforeAll(() => {
    buddy = { db: t.db, actor: org.staff.buddy };
  });

  /** A patient booked through their link on days[2] at the given slot, who answers at home, then arrives on the day. */
  async function answeredAtHome(slotIndex: number, answers: Record<string, string>) {
    const a = await patientWithLink();
    const slot = (await morningSlots(days[2]))[slotIndex];
    const { id: appointmentId } = await bookViaLink(a.ctx, { slotId: slot.id });
    const { id: homeId } = await answerPhq4ViaLink(a.ctx, answers);
    const at = (minutes: number) => ({ now: new Date(slot.startsAt.getTime() + minutes * 60_000) });
    return { ...a, appointmentId, homeId, slot, at };
  }

  /** What the patient's afternoon holds now: active appointments and open waitlist entries. */
  async function afternoonOf(patientId: string) {
    const appointments = await t.db.appointment.findMany({
      where: { patientId, clinicDayId: days[2], kind: { not: "WRAP_AROUND" }, activeSlotId: { not: null } },
      select: { kind: true },
    });
    const waitlist = await t.db.waitlistEntry.findMany({ where: { patientId, openClinicId: { not: null } }, select: { kind: true } });
    return [...appointments, ...waitlist].map((x) => x.kind).sort();
  }

  it("never routes: a positive screen from home books nothing until the health buddy confirms it, and then the confirmed answers route", async () => {
    const a = await answeredAtHome(10, positive);
    expect(await t.db.homePhq4Response.findUniqueOrThrow({ where: { id: a.homeId } })).toMatchObject({ total: 8, patientLinkId: a.linkId });
    expect((await getPatientVisit(a.ctx)).appointment?.phq4AnsweredAt).toMatch(/ at /);
    expect(await afternoonOf(a.id)).toEqual([]);
    await checkIn(reception, { appointmentId: a.appointmentId }, a.at(-10));
    expect(await afternoonOf(a.id)).toEqual([]);
    const context = await getAssessmentContext(buddy, a.appointmentId);
    expect(context.appointment.homePhq4.map((h) => h.id)).toEqual([a.homeId]);
    expect(context.appointment.phq4Assessments).toEqual([]);
    // The patient tells the buddy things are better than at home: the confirmed (negative) answers route, not home's.
    const result = await recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [0, 1, 0, 1], confirmsHomeId: a.homeId }, a.at(15));
    expect(result.total).toBe(2);
    expect(await afternoonOf(a.id)).toEqual(["GP"]);
    expect(await t.db.phq4Assessment.findUniqueOrThrow({ where: { id: result.assessmentId } })).toMatchObject({ confirmsHomeId: a.homeId, total: 2 });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "phq4.record", entityId: result.assessmentId } });
    expect(audit.details).toMatchObject({ confirmsHomeAnswers: a.homeId, answersChangedFromHome: 3 });
  });

  it("a negative screen from home that the patient answers differently on the day routes them to Talking Therapies", async () => {
    const a = await answeredAtHome(11, negative);
    await checkIn(reception, { appointmentId: a.appointmentId }, a.at(-10));
    await recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [2, 2, 1, 1], confirmsHomeId: a.homeId }, a.at(15));
    expect(await afternoonOf(a.id)).toEqual(["GP", "TALKING_THERAPIES"]);
  });

  it("only the latest answers from home, of this appointment, can be confirmed; a stale or foreign one writes nothing", async () => {
    const a = await answeredAtHome(12, negative);
    const { id: newer } = await answerPhq4ViaLink(a.ctx, positive);
    const b = await answeredAtHome(13, negative);
    await checkIn(reception, { appointmentId: a.appointmentId }, a.at(-10));
    await expectAppError(
      recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [0, 0, 0, 1], confirmsHomeId: a.homeId }, a.at(15)),
      "CONFLICT",
    );
    await expectAppError(
      recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [0, 0, 0, 1], confirmsHomeId: b.homeId }, a.at(15)),
      "CONFLICT",
    );
    expect(await t.db.phq4Assessment.count({ where: { appointmentId: a.appointmentId } })).toBe(0);
    expect(await afternoonOf(a.id)).toEqual([]);
    // The database refuses a confirmation of another appointment's answers whatever code writes it.
    await expect(
      t.db.phq4Assessment.create({
        data: {
          patientId: a.id,
          appointmentId: a.appointmentId,
          nervous: 0,
          worrying: 0,
          littleInterest: 0,
          feelingDown: 1,
          total: 1,
          recordedById: org.staff.buddy.id,
          confirmsHomeId: b.homeId,
        },
      }),
    ).rejects.toThrow(/confirms home answers given for its own appointment/);
    const { assessmentId } = await recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [3, 2, 2, 1], confirmsHomeId: newer }, a.at(15));
    expect((await t.db.phq4Assessment.findUniqueOrThrow({ where: { id: assessmentId } })).confirmsHomeId).toBe(newer);
    expect(await afternoonOf(a.id)).toEqual(["GP", "TALKING_THERAPIES"]);
  });

  it("asking again records the buddy's answers alone; the answers from home are kept as sent and cannot be changed", async () => {
    const a = await answeredAtHome(14, positive);
    await checkIn(reception, { appointmentId: a.appointmentId }, a.at(-10));
    const { assessmentId } = await recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [0, 0, 0, 0] }, a.at(15));
    expect((await t.db.phq4Assessment.findUniqueOrThrow({ where: { id: assessmentId } })).confirmsHomeId).toBeNull();
    expect(await afternoonOf(a.id)).toEqual(["GP"]);
    await expect(t.db.homePhq4Response.update({ where: { id: a.homeId }, data: { nervous: 0, total: 5 } })).rejects.toThrow(/append-only/);
    await expect(t.db.homePhq4Response.delete({ where: { id: a.homeId } })).rejects.toThrow(/append-only/);
    expect(await t.db.homePhq4Response.findUniqueOrThrow({ where: { id: a.homeId } })).toMatchObject({ nervous: 3, total: 8 });
  });

  it("a positive screen from home is not dropped: the morning cannot be finished until it is gone through; a negative one can", async () => {
    const a = await answeredAtHome(16, positive);
    const b = await answeredAtHome(17, negative);
    for (const x of [a, b]) await checkIn(reception, { appointmentId: x.appointmentId }, x.at(-10));
    const refused = await expectAppError(finishMorningAppointment(buddy, { appointmentId: a.appointmentId }, a.at(20)), "CONFLICT");
    expect(refused.message).toMatch(/answered the PHQ-4 at home with a total of 8/);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: a.appointmentId } })).toMatchObject({ status: "ARRIVED", endedAt: null });
    expect(await afternoonOf(a.id)).toEqual([]);
    await finishMorningAppointment(buddy, { appointmentId: b.appointmentId }, b.at(20));
    expect(await afternoonOf(b.id)).toEqual(["GP"]);
    await recordPhq4(buddy, { appointmentId: a.appointmentId, answers: [3, 2, 2, 1], confirmsHomeId: a.homeId }, a.at(15));
    await finishMorningAppointment(buddy, { appointmentId: a.appointmentId }, a.at(20));
    expect(await afternoonOf(a.id)).toEqual(["GP", "TALKING_THERAPIES"]);
  });

  it("refuses missing answers with a message per question and writes nothing; once checked in the questions are the buddy's", async () => {
    const a = await answeredAtHome(15, negative);
    const refused = await expectAppError(answerPhq4ViaLink(a.ctx, { q1: "1", q3: "9" }), "VALIDATION");
    expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual(["1", "2", "3"]);
    expect(await t.db.homePhq4Response.count({ where: { appointmentId: a.appointmentId } })).toBe(1);
    await checkIn(reception, { appointmentId: a.appointmentId }, a.at(-10));
    await expectAppError(answerPhq4ViaLink(a.ctx, positive), "CONFLICT");
    expect(await t.db.homePhq4Response.count({ where: { appointmentId: a.appointmentId } })).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.link.phq4", patientId: a.id } });
    expect(JSON.stringify(audit.details)).not.toMatch(/nervous|q1|"3"/);
    // The health buddy's list says the answers from home are waiting to be confirmed.
    const date = (await t.db.clinicDay.findUniqueOrThrow({ where: { id: days[2] } })).date.toISOString().slice(0, 10);
    const stationBuddy: ServiceContext = { db: t.db, actor: a.slot.column === 0 ? org.staff.buddy : org.staff.buddy2 };
    const list = await getMorningList(stationBuddy, date);
    expect(list?.entries.find((e) => e.appointmentId === a.appointmentId)).toMatchObject({ phq4Total: null, homePhq4Total: 1 });
  });
});
