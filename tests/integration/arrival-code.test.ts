/**
 * The desk's check-in code (docs/decisions/0016-patient-links.md): a code works only on its own clinic day and
 * only while current; the right date of birth and surname letter inside the window checks in exactly that patient;
 * anything ambiguous or outside the window checks in nobody; another day's or PCN's patient is never checked in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { ADDRESS_LIMITS, hashToken, newToken } from "@/lib/patient-links";
import { arrivalCode, GO_TO_DESK } from "@/lib/patient-links/arrival";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { getArrivalCode } from "@/lib/services/clinic-days/get-arrival-code";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { makeArrivalCode } from "@/lib/services/clinic-days/make-arrival-code";
import { createPatient } from "@/lib/services/patients/create-patient";
import { checkInWithArrivalCode, CODE_NOT_IN_USE } from "@/lib/services/patient-links/check-in-with-arrival-code";
import { openArrivalCode } from "@/lib/services/patient-links/open-arrival-code";
import type { PublicContext, ServiceContext } from "@/lib/db/context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { expectAppError } from "@/tests/helpers/errors";

const SECRET = "arrival-code-test-secret-0123456789abcdef";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let reception: ServiceContext;
let otherReception: ServiceContext;
let days: string[];
let otherDays: string[];
let seq = 0;
let ipSeq = 0;

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A request from an address of its own, so one test's allowance does not touch another's. */
const fresh = (): PublicContext => ({ db: t.db, request: { ip: `10.9.${(ipSeq += 1)}.1`, userAgent: "vitest" } });

const typed = (dob: string, initial: string) => {
  const [year, month, day] = dob.split("-").map(Number);
  return { day: String(day), month: String(month), year: String(year), initial };
};

async function morningSlots(clinicDayId: string) {
  return t.db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
}

/** A patient booked into a morning slot of a day, with a date of birth and surname chosen by the test. */
async function booked(ctx: ServiceContext, o: Organisation, clinicDayId: string, slotIndex: number, dateOfBirth: string, familyName: string) {
  const input = { ...demoPatientInput(seq, o.practiceIds, 500), dateOfBirth, familyName };
  seq += 1;
  const { id: patientId } = await createPatient(ctx, input);
  const slot = (await morningSlots(clinicDayId)).at(slotIndex)!;
  const { id } = await bookAppointment(ctx, { patientId, slotId: slot.id });
  return { patientId, appointmentId: id, startsAt: slot.startsAt };
}

/** The day's current code as the printed page shows it. */
async function codeOf(ctx: ServiceContext, clinicDayId: string, now: Date): Promise<string> {
  const view = await getArrivalCode(ctx, { clinicDayId }, { secret: SECRET, now });
  return view.current!.code!;
}

const statusOf = (id: string) =>
  t.db.appointment.findUniqueOrThrow({ where: { id }, select: { status: true, selfCheckedIn: true, checkedInAt: true } });

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "arr", name: "Other PCN" });
  reception = { db: t.db, actor: org.staff.reception };
  otherReception = { db: t.db, actor: other.staff.reception };
  const first = addDays(londonToday(), 7);
  for (const [o, ctx] of [
    [org, reception],
    [other, otherReception],
  ] as const) {
    const lead: ServiceContext = { db: t.db, actor: o.staff.lead };
    const clinic = await createClinic(lead, { name: "Arrivals clinic", siteId: o.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(o) });
    const created = await createClinicDays(ctx, { templateId: template.id, firstDate: first, weeks: 2 });
    if (o === org) days = created.ids;
    else otherDays = created.ids;
  }
}, 90_000);

describe("the desk's code", () => {
  it("is stored as a seed and a hash, prints the same each time, and works only on its own day", async () => {
    const slot = (await morningSlots(days[0]))[0];
    const dayBefore = new Date(slot.startsAt.getTime() - 86_400_000);
    await makeArrivalCode(reception, { clinicDayId: days[0] }, { secret: SECRET, now: dayBefore });
    const code = await codeOf(reception, days[0], dayBefore);
    expect(await codeOf(reception, days[0], slot.startsAt)).toBe(code);
    const row = await t.db.clinicDayArrivalCode.findFirstOrThrow({ where: { clinicDayId: days[0], replacedAt: null } });
    expect(row.codeHash).toBe(hashToken(code));
    expect([row.seed, row.codeHash]).not.toContain(code);
    expect(await t.db.auditEvent.count({ where: { action: "clinic-day.arrival-code.create", entityId: row.id } })).toBe(1);

    expect(await openArrivalCode(fresh(), code, { now: slot.startsAt })).toEqual({ state: "OPEN" });
    expect(await openArrivalCode(fresh(), code, { now: dayBefore })).toEqual({ state: "NOT_IN_USE" });
    expect(await openArrivalCode(fresh(), newToken(), { now: slot.startsAt })).toEqual({ state: "NOT_FOUND" });
    const error = await expectAppError(checkInWithArrivalCode(fresh(), code, typed("1950-01-01", "A"), { now: dayBefore }), "FORBIDDEN");
    expect(error.message).toBe(CODE_NOT_IN_USE);
    // Another PCN's reception cannot read or make it.
    await expectAppError(getArrivalCode(otherReception, { clinicDayId: days[0] }, { secret: SECRET }), "NOT_FOUND");
    await expectAppError(makeArrivalCode(otherReception, { clinicDayId: days[0] }, { secret: SECRET }), "NOT_FOUND");
  });

  it("once replaced, the old code stops working and can never be made current again", async () => {
    const patient = await booked(reception, org, days[0], 1, "1961-04-05", "Quill");
    const now = new Date(patient.startsAt.getTime() - 5 * 60_000);
    const old = await codeOf(reception, days[0], now);
    await makeArrivalCode(reception, { clinicDayId: days[0] }, { secret: SECRET, now });
    const current = await codeOf(reception, days[0], now);
    expect(current).not.toBe(old);
    expect(await openArrivalCode(fresh(), old, { now })).toEqual({ state: "NOT_IN_USE" });
    await expectAppError(checkInWithArrivalCode(fresh(), old, typed("1961-04-05", "q"), { now }), "FORBIDDEN");
    expect((await statusOf(patient.appointmentId)).status).toBe("BOOKED");

    const replaced = await t.db.clinicDayArrivalCode.findUniqueOrThrow({ where: { codeHash: hashToken(old) } });
    await expect(t.db.clinicDayArrivalCode.update({ where: { id: replaced.id }, data: { replacedAt: null } })).rejects.toThrow(
      /cannot be brought back/,
    );
    // One current code per day is the database's rule.
    await expect(
      t.db.clinicDayArrivalCode.create({
        data: { clinicDayId: days[0], seed: newToken(), codeHash: hashToken(newToken()), createdById: org.staff.reception.id },
      }),
    ).rejects.toThrow(/Unique constraint|unique/i);
    expect(await t.db.auditEvent.count({ where: { action: "clinic-day.arrival-code.replace" } })).toBe(1);
  });

  it("cannot be made for a past clinic day", async () => {
    const after = new Date(`${addDays(londonToday(), 30)}T12:00:00Z`);
    await expectAppError(makeArrivalCode(reception, { clinicDayId: days[1] }, { secret: SECRET, now: after }), "CONFLICT");
  });
});

describe("checking in with the code", () => {
  it("checks in exactly the patient whose date of birth and letter match, inside the window: self check-in on the flow board, undone by reception", async () => {
    const patient = await booked(reception, org, days[0], 2, "1947-11-23", "Okafor");
    const neighbour = await booked(reception, org, days[0], 3, "1947-11-23", "Patel");
    const now = new Date(patient.startsAt.getTime() - 20 * 60_000);
    const code = await codeOf(reception, days[0], now);
    const { time } = await checkInWithArrivalCode(fresh(), code, typed("1947-11-23", "o"), { now });
    expect(time).toMatch(/^\d{2}:\d{2}$/);
    expect(await statusOf(patient.appointmentId)).toEqual({ status: "ARRIVED", selfCheckedIn: true, checkedInAt: now });
    expect((await statusOf(neighbour.appointmentId)).status).toBe("BOOKED");
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "patient.arrive.check-in", outcome: "SUCCESS", patientId: patient.patientId },
    });
    expect(audit.details).toMatchObject({ appointmentId: patient.appointmentId, clinicDayId: days[0] });

    const board = await getFlowBoard(reception, { clinicDayId: days[0] }, { now });
    expect(board.rows.find((r) => r.patientId === patient.patientId)?.stageLabel).toBe("Arrived (self check-in)");
    // A second try is sent to the desk, and changes nothing.
    const again = await expectAppError(checkInWithArrivalCode(fresh(), code, typed("1947-11-23", "O"), { now }), "CONFLICT");
    expect(again.message).toBe(GO_TO_DESK);
    await undoArrival(reception, { appointmentId: patient.appointmentId, reason: "Checked in by mistake" });
    expect(await statusOf(patient.appointmentId)).toEqual({ status: "BOOKED", selfCheckedIn: false, checkedInAt: null });
  });

  it("checks in nobody when two patients match, outside the window, or with a wrong answer; each try counted and audited without patient data", async () => {
    const a = await booked(reception, org, days[0], 4, "1955-06-30", "Reid");
    const b = await booked(reception, org, days[0], -1, "1955-06-30", "Rowe");
    const c = await booked(reception, org, days[0], 5, "1966-02-14", "Lamb");
    const now = new Date(a.startsAt.getTime() - 10 * 60_000);
    const code = await codeOf(reception, days[0], now);
    const before = (await t.db.clinicDayArrivalCode.findUniqueOrThrow({ where: { codeHash: hashToken(code) } })).failedAttempts;
    const deniedBefore = await t.db.auditEvent.count({ where: { action: "patient.arrive.check-in", outcome: "DENIED" } });

    // Two patients match (b's appointment is the last of the morning): nobody.
    for (const attempt of [
      typed("1955-06-30", "R"),
      typed("1966-02-14", "L"), // c, but too early: an hour and more before
      typed("1966-02-14", "M"), // wrong letter
      typed("1966-02-15", "L"), // wrong date
    ]) {
      const refused = await expectAppError(
        checkInWithArrivalCode(fresh(), code, attempt, { now: new Date(c.startsAt.getTime() - 61 * 60_000) }),
        "CONFLICT",
      );
      expect(refused.message).toBe(GO_TO_DESK);
    }
    // Too late: more than half an hour after the appointment.
    await expectAppError(
      checkInWithArrivalCode(fresh(), code, typed("1966-02-14", "L"), { now: new Date(c.startsAt.getTime() + 31 * 60_000) }),
      "CONFLICT",
    );
    for (const p of [a, b, c]) expect((await statusOf(p.appointmentId)).status).toBe("BOOKED");

    const row = await t.db.clinicDayArrivalCode.findUniqueOrThrow({ where: { codeHash: hashToken(code) } });
    expect(row.failedAttempts).toBe(before + 5);
    const denied = await t.db.auditEvent.findMany({ where: { action: "patient.arrive.check-in", outcome: "DENIED" }, orderBy: { id: "asc" } });
    expect(denied).toHaveLength(deniedBefore + 5);
    expect(denied.slice(-5).map((e) => (e.details as { reason: string }).reason)).toEqual([
      "SEVERAL",
      "TOO_EARLY",
      "NO_MATCH",
      "NO_MATCH",
      "TOO_LATE",
    ]);
    expect(denied.every((e) => e.patientId === null)).toBe(true);
    expect(JSON.stringify(denied.map((e) => e.details))).not.toMatch(/Reid|Rowe|Lamb|1955|1966/);
  });

  it("never checks in a patient of another clinic day or another PCN", async () => {
    const laterDay = await booked(reception, org, days[1], 6, "1972-08-09", "Vance");
    const otherPcn = await booked(otherReception, other, otherDays[0], 6, "1972-08-10", "Vance");
    const slot = (await morningSlots(days[0]))[6];
    const now = new Date(slot.startsAt.getTime() - 10 * 60_000);
    // The other PCN's day is on the same date, and its patient is inside their own window.
    expect(Math.abs(otherPcn.startsAt.getTime() - slot.startsAt.getTime())).toBeLessThan(30 * 60_000);
    const code = await codeOf(reception, days[0], now);
    await expectAppError(checkInWithArrivalCode(fresh(), code, typed("1972-08-09", "V"), { now }), "CONFLICT");
    await expectAppError(checkInWithArrivalCode(fresh(), code, typed("1972-08-10", "V"), { now }), "CONFLICT");
    expect((await statusOf(laterDay.appointmentId)).status).toBe("BOOKED");
    expect((await statusOf(otherPcn.appointmentId)).status).toBe("BOOKED");
  });

  it("throttles one address: past its allowance even the right answer is refused, before anything is read", async () => {
    const patient = await booked(reception, org, days[0], 7, "1980-12-01", "Yates");
    const now = new Date(patient.startsAt.getTime() - 10 * 60_000);
    const code = await codeOf(reception, days[0], now);
    const ctx = fresh();
    for (let i = 0; i < ADDRESS_LIMITS.perAddress; i++) {
      await expectAppError(checkInWithArrivalCode(ctx, code, typed("1980-12-02", "Y"), { now }), "CONFLICT");
    }
    await expectAppError(checkInWithArrivalCode(ctx, code, typed("1980-12-01", "Y"), { now }), "RATE_LIMITED");
    expect((await statusOf(patient.appointmentId)).status).toBe("BOOKED");
    // Another address is not held back by it.
    await checkInWithArrivalCode(fresh(), code, typed("1980-12-01", "Y"), { now });
    expect((await statusOf(patient.appointmentId)).status).toBe("ARRIVED");
  });

  it("refuses malformed answers as validation errors naming the field", async () => {
    const slot = (await morningSlots(days[0]))[8];
    const now = new Date(slot.startsAt.getTime() - 10 * 60_000);
    const code = await codeOf(reception, days[0], now);
    const error = await expectAppError(checkInWithArrivalCode(fresh(), code, { ...typed("1980-12-01", "Yx"), day: "40" }, { now }), "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["day", "initial"]);
  });

  it("a code made with another secret still checks in but cannot be shown again", async () => {
    const now = new Date((await morningSlots(days[0]))[0].startsAt.getTime());
    const view = await getArrivalCode(reception, { clinicDayId: days[0] }, { secret: "another-secret-entirely-0123456789abcdef", now });
    expect(view.current?.code).toBeNull();
    expect(arrivalCode(SECRET, newToken())).not.toBe(await codeOf(reception, days[0], now));
  });
});
