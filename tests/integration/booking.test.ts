import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { SLOT_TAKEN_MESSAGE } from "@/lib/services/appointments/internal/bookable-slot";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { findFreeSlots } from "@/lib/services/appointments/find-free-slots";
import { freeSlotsOf } from "@/lib/services/appointments/internal/free-slots";
import { stationLabel } from "@/lib/appointments/stations";
import { getDayView } from "@/lib/services/clinic-days/get-day-view";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { recordPreparationCall } from "@/lib/services/appointments/record-preparation-call";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { searchPatientsForBooking } from "@/lib/services/appointments/search-patients-for-booking";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { appErrorOf as rejection } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let patients: string[];
/** Clinic days next week, the week after, and four weeks ago. */
let days: { next: string; after: string; past: string };
let pastDate: string;

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

async function morningSlots(clinicDayId: string) {
  return t.db.slot.findMany({
    where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const lead: ServiceContext = { db: t.db, actor: org.staff.lead };
  reception = { db: t.db, actor: org.staff.reception };
  const clinic = await createClinic(lead, { name: "Booking clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const today = londonToday();
  pastDate = addDays(today, -28);
  const past = await createClinicDays(reception, { templateId: template.id, firstDate: pastDate, weeks: 1 });
  const upcoming = await createClinicDays(reception, { templateId: template.id, firstDate: addDays(today, 7), weeks: 2 });
  days = { next: upcoming.ids[0], after: upcoming.ids[1], past: past.ids[0] };
  patients = [];
  for (let seq = 0; seq < 60; seq++) patients.push((await createPatient(reception, demoPatientInput(seq, org.practiceIds))).id);
}, 60_000);

describe("booking a morning slot", () => {
  it("lets exactly one of 50 simultaneous bookings of one slot through and offers the others free slots", async () => {
    const [slot] = await morningSlots(days.next);
    const results = await Promise.allSettled(patients.slice(0, 50).map((patientId) => bookAppointment(reception, { slotId: slot.id, patientId })));
    const booked = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const error of refused) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("CONFLICT");
      expect((error as AppError).message).toBe(SLOT_TAKEN_MESSAGE);
      const offered = (error as AppError).details?.nextFreeSlots as Array<{ id: string; time: string; station: string }>;
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.map((s) => s.id)).not.toContain(slot.id);
      expect(offered[0]).toMatchObject({ time: "09:00", station: "Station 2 (Tom Fletcher)" });
    }
    expect(await t.db.appointment.count({ where: { activeSlotId: slot.id } })).toBe(1);
    expect(
      await t.db.auditEvent.count({ where: { action: "appointment.book", entityId: booked[0].status === "fulfilled" ? booked[0].value.id : "" } }),
    ).toBe(1);
  }, 30_000);

  it("gives one patient booked into 10 slots of one day at once exactly one appointment", async () => {
    const slots = (await morningSlots(days.after)).slice(0, 10);
    const patientId = patients[55];
    const results = await Promise.allSettled(slots.map((slot) => bookAppointment(reception, { slotId: slot.id, patientId })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as AppError] : []));
    expect(errors).toHaveLength(9);
    for (const error of errors) {
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/^\S+ \S+ already has a morning appointment on this day at \d\d:\d\d$/);
    }
    expect(await t.db.appointment.count({ where: { patientId, activeMorningDayId: days.after } })).toBe(1);
  }, 30_000);

  it("stores the appointment, a reminder per agreed channel and the audit event in one go, and nothing of a refused booking", async () => {
    // Booking writes these three in one SQL statement (insert-booking.ts): read them back through Prisma.
    const slots = await morningSlots(days.after);
    const slot = slots[slots.length - 1];
    const both = patients[54]; // agreed to texts and emails, has a phone number and an email address
    const neither = patients[59]; // agreed to neither
    const request = { ip: "192.0.2.7", userAgent: "Desk 3" };
    const booked = await bookAppointment({ ...reception, request }, { slotId: slot.id, patientId: both });
    expect(booked.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const appointment = await t.db.appointment.findUniqueOrThrow({ where: { id: booked.id }, include: { reminders: true } });
    expect(appointment).toMatchObject({
      patientId: both,
      clinicDayId: days.after,
      slotId: slot.id,
      kind: "WRAP_AROUND",
      status: "BOOKED",
      activeSlotId: slot.id,
      activeMorningDayId: days.after,
      bookedById: org.staff.reception.id,
      origin: "BOOKING",
      leftBeforeSeen: false,
      cancelledAt: null,
    });
    expect(Math.abs(appointment.bookedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(appointment.reminders.map((r) => r.channel).sort()).toEqual(["EMAIL", "SMS"]);
    for (const reminder of appointment.reminders) {
      expect(reminder).toMatchObject({ patientId: both, kind: "APPOINTMENT", status: "QUEUED", attempts: 0, appointmentAt: slot.startsAt });
      expect(reminder.nextAttemptAt.getTime()).toBeLessThan(slot.startsAt.getTime());
    }
    const day = await t.db.clinicDay.findUniqueOrThrow({ where: { id: days.after } });
    const audit = await t.db.auditEvent.findMany({ where: { action: "appointment.book", entityId: booked.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: org.staff.reception.id,
      actorEmail: org.staff.reception.email,
      outcome: "SUCCESS",
      patientId: both,
      entityType: "Appointment",
      ip: "192.0.2.7",
      userAgent: "Desk 3",
      details: { clinicDayId: days.after, slotId: slot.id, date: day.date.toISOString().slice(0, 10), time: booked.time, station: booked.station },
    });

    const taken = await rejection(bookAppointment(reception, { slotId: slot.id, patientId: neither }));
    expect(taken.message).toBe(SLOT_TAKEN_MESSAGE);
    expect(await t.db.appointment.count({ where: { patientId: neither } })).toBe(0);
    expect(await t.db.reminderOutbox.count({ where: { patientId: neither } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "appointment.book", patientId: neither } })).toBe(0);

    const other = await bookAppointment(reception, { slotId: slots[slots.length - 2].id, patientId: neither });
    expect(await t.db.reminderOutbox.count({ where: { appointmentId: other.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "appointment.book", entityId: other.id } })).toBe(1);
  });

  it("refuses a slot of a past day, an afternoon slot, and a patient of another PCN", async () => {
    const [pastSlot] = await morningSlots(days.past);
    expect((await rejection(bookAppointment(reception, { slotId: pastSlot.id, patientId: patients[56] }))).message).toMatch(/already happened/);
    const afternoon = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId: days.next, kind: "GP" } } });
    expect((await rejection(bookAppointment(reception, { slotId: afternoon.id, patientId: patients[56] }))).code).toBe("VALIDATION");

    const other = await createOrganisation(t.db, { suffix: "b2", name: "Other PCN" });
    const stranger = await createPatient({ db: t.db, actor: other.staff.reception }, demoPatientInput(5, other.practiceIds, 500));
    const free = (await findFreeSlots(reception, { clinicDayId: days.next }))[0];
    const error = await rejection(bookAppointment(reception, { slotId: free.id, patientId: stranger.id }));
    expect(error.code).toBe("NOT_FOUND");
    // Nor can the other PCN's reception book into this PCN's slots.
    expect((await rejection(bookAppointment({ db: t.db, actor: other.staff.reception }, { slotId: free.id, patientId: stranger.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await t.db.appointment.count({ where: { patientId: stranger.id } })).toBe(0);
  });

  it("books a past day only with the clock the seed injects", async () => {
    const [pastSlot] = await morningSlots(days.past);
    const now = londonWallTimeToInstant(addDays(pastDate, -3), "10:00");
    const booked = await bookAppointment(reception, { slotId: pastSlot.id, patientId: patients[57] }, { now });
    const row = await t.db.appointment.findUniqueOrThrow({ where: { id: booked.id } });
    expect(row.bookedAt).toEqual(now);
    await checkIn(reception, { appointmentId: booked.id }, { now: pastSlot.startsAt });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: booked.id } })).status).toBe("ARRIVED");
  });
});

describe("rescheduling and cancelling", () => {
  it("moves a booking atomically, and leaves it untouched when the target is taken", async () => {
    const free = await findFreeSlots(reception, { clinicDayId: days.next });
    const mine = await bookAppointment(reception, { slotId: free[0].id, patientId: patients[50] });
    const theirs = await bookAppointment(reception, { slotId: free[1].id, patientId: patients[51] });
    const before = await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id } });

    const error = await rejection(rescheduleAppointment(reception, { appointmentId: mine.id, slotId: free[1].id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(SLOT_TAKEN_MESSAGE);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id } })).toEqual(before);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: theirs.id } })).activeSlotId).toBe(free[1].id);
    expect(await t.db.auditEvent.count({ where: { action: "appointment.reschedule", entityId: mine.id } })).toBe(0);

    // To another day: the row moves with its preparation call.
    await recordPreparationCall(reception, { appointmentId: mine.id, formatExplained: true, notes: "Prefers mornings" });
    const target = (await findFreeSlots(reception, { clinicDayId: days.after }))[0];
    await rescheduleAppointment(reception, { appointmentId: mine.id, slotId: target.id });
    const moved = await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id }, include: { preparation: true } });
    expect(moved).toMatchObject({
      slotId: target.id,
      activeSlotId: target.id,
      clinicDayId: days.after,
      activeMorningDayId: days.after,
      status: "BOOKED",
    });
    expect(moved.preparation?.notes).toBe("Prefers mornings");
    expect((await findFreeSlots(reception, { clinicDayId: days.next })).map((s) => s.id)).toContain(free[0].id);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "appointment.reschedule", entityId: mine.id } });
    expect(audit.patientId).toBe(patients[50]);
  });

  it("frees a cancelled slot for someone else, and needs a reason", async () => {
    const [slot] = await findFreeSlots(reception, { clinicDayId: days.next });
    const first = await bookAppointment(reception, { slotId: slot.id, patientId: patients[52] });
    const noReason = await rejection(cancelAppointment(reception, { appointmentId: first.id, reason: " " }));
    expect(noReason.code).toBe("VALIDATION");
    expect(noReason.fieldErrors?.reason).toBeDefined();
    await cancelAppointment(reception, { appointmentId: first.id, reason: "Patient is on holiday" });
    const cancelled = await t.db.appointment.findUniqueOrThrow({ where: { id: first.id } });
    expect(cancelled).toMatchObject({ status: "CANCELLED", activeSlotId: null, activeMorningDayId: null, cancelReason: "Patient is on holiday" });
    const second = await bookAppointment(reception, { slotId: slot.id, patientId: patients[53] });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: second.id } })).activeSlotId).toBe(slot.id);
    // The cancelled patient may be booked again the same day.
    const again = (await findFreeSlots(reception, { clinicDayId: days.next }))[0];
    await bookAppointment(reception, { slotId: again.id, patientId: patients[52] });
    expect(await t.db.auditEvent.count({ where: { action: "appointment.cancel", patientId: patients[52] } })).toBe(1);
  });
});

describe("arrivals", () => {
  it("checks in, marks did-not-attend and undoes either with a reason kept in the audit trail", async () => {
    const free = await findFreeSlots(reception, { clinicDayId: days.next });
    const a = await bookAppointment(reception, { slotId: free[0].id, patientId: patients[40] });
    const b = await bookAppointment(reception, { slotId: free[1].id, patientId: patients[41] });
    expect((await rejection(checkIn(reception, { appointmentId: a.id }))).message).toMatch(/has not come yet/);
    expect((await rejection(markNoShow(reception, { appointmentId: b.id }))).message).toMatch(/has not come yet/);

    const onTheDay = new Date(free[0].startsAt);
    await checkIn(reception, { appointmentId: a.id }, { now: onTheDay });
    await markNoShow(reception, { appointmentId: b.id }, { now: onTheDay });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: "ARRIVED", checkedInAt: onTheDay });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "NOSHOW", noShowAt: onTheDay });
    expect((await rejection(checkIn(reception, { appointmentId: a.id }, { now: onTheDay }))).code).toBe("CONFLICT");

    expect((await rejection(undoArrival(reception, { appointmentId: a.id, reason: "" }))).code).toBe("VALIDATION");
    await undoArrival(reception, { appointmentId: a.id, reason: "Checked in the wrong Mr Singh" });
    await undoArrival(reception, { appointmentId: b.id, reason: "Arrived late, was in the car park" });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: "BOOKED", checkedInAt: null, noShowAt: null });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "BOOKED", checkedInAt: null, noShowAt: null });
    const undo = await t.db.auditEvent.findFirstOrThrow({ where: { action: "appointment.undo-arrival", entityId: a.id } });
    expect(undo.patientId).toBe(patients[40]);
    expect(undo.details).toMatchObject({ reason: "Checked in the wrong Mr Singh", undone: "ARRIVED" });
    expect(
      await t.db.auditEvent.count({
        where: { action: { in: ["appointment.check-in", "appointment.did-not-attend"] }, patientId: { in: [patients[40], patients[41]] } },
      }),
    ).toBe(2);
    expect((await rejection(undoArrival(reception, { appointmentId: a.id, reason: "again" }))).code).toBe("CONFLICT");
  });
});

describe("preparation call and the day view", () => {
  it("records who prepared whom, and shows the day without clinical content, audited per patient", async () => {
    const [slot] = await findFreeSlots(reception, { clinicDayId: days.after });
    const booked = await bookAppointment(reception, { slotId: slot.id, patientId: patients[42] });
    await recordPreparationCall(
      { db: t.db, actor: org.staff.buddy },
      { appointmentId: booked.id, formatExplained: true, fastingAdvised: "on", notes: "" },
    );
    await recordPreparationCall(reception, {
      appointmentId: booked.id,
      formatExplained: true,
      fastingAdvised: true,
      bringMedicinesList: true,
      notes: "Daughter will come too",
    });
    const call = await t.db.preparationCall.findUniqueOrThrow({ where: { appointmentId: booked.id } });
    expect(call).toMatchObject({ doneById: org.staff.reception.id, bringMedicinesList: true, notes: "Daughter will come too" });
    expect(await t.db.auditEvent.count({ where: { action: "preparation.record", patientId: patients[42] } })).toBe(2);

    const gp: ServiceContext = { db: t.db, actor: org.staff.gp };
    const view = await getDayView(gp, { clinicDayId: days.after });
    expect(view.stations.map((s) => s.label)).toEqual(["Station 1 (Priya Shah)", "Station 2 (Tom Fletcher)"]);
    expect(view.rows).toHaveLength(9);
    expect(view.rows[0].time).toBe("09:00");
    expect(view.counts.slots).toBe(18);
    expect(view.counts.booked).toBe(view.appointments.length);
    const row = view.appointments.find((a) => a.id === booked.id)!;
    expect(row).toMatchObject({ status: "BOOKED", preparation: { doneBy: "Sam Reid", notes: "Daughter will come too" } });
    expect(row.nhsNumber).toMatch(/^\d{3} \d{3} \d{4}$/);
    expect(JSON.stringify(view)).not.toMatch(/phq|longTermConditions|DIABETES/i);
    const views = await t.db.auditEvent.findMany({ where: { action: "clinic-day.view-list", actorId: org.staff.gp.id, entityId: days.after } });
    expect(views.map((v) => v.patientId).sort()).toEqual(view.appointments.map((a) => a.patientId).sort());
  });

  it("finds patients for booking by name or NHS number, audited, within the PCN", async () => {
    const input = demoPatientInput(3, org.practiceIds);
    const byNumber = await searchPatientsForBooking(reception, { query: String(input.nhsNumber).replace(/^(\d{3})(\d{3})/, "$1 $2 ") });
    expect(byNumber).toHaveLength(1);
    expect(byNumber[0]).toMatchObject({ id: patients[3], name: `${input.givenName} ${input.familyName}` });
    const byName = await searchPatientsForBooking(reception, { query: `${input.givenName.slice(0, 3).toLowerCase()} ${input.familyName}` });
    expect(byName.map((p) => p.id)).toContain(patients[3]);
    expect(await t.db.auditEvent.count({ where: { action: "patient.search", patientId: patients[3] } })).toBe(2);
    expect((await rejection(searchPatientsForBooking(reception, { query: "a" }))).code).toBe("VALIDATION");
  });
});

describe("permissions", () => {
  it("refuses each service to roles without its permission", async () => {
    const gp: ServiceContext = { db: t.db, actor: org.staff.gp };
    const buddy: ServiceContext = { db: t.db, actor: org.staff.buddy };
    const therapist: ServiceContext = { db: t.db, actor: org.staff.therapist };
    const [slot] = await findFreeSlots(reception, { clinicDayId: days.next });
    const booked = await bookAppointment(reception, { slotId: slot.id, patientId: patients[43] });
    const id = { appointmentId: booked.id };
    const refusals = [
      bookAppointment(gp, { slotId: slot.id, patientId: patients[44] }),
      bookAppointment(buddy, { slotId: slot.id, patientId: patients[44] }),
      rescheduleAppointment(buddy, { ...id, slotId: slot.id }),
      cancelAppointment(gp, { ...id, reason: "No reason" }),
      searchPatientsForBooking(buddy, { query: "Smith" }),
      checkIn(gp, id),
      checkIn(buddy, id),
      markNoShow(therapist, id),
      undoArrival(buddy, { ...id, reason: "Mistake" }),
      recordPreparationCall(gp, { ...id, formatExplained: true }),
      recordPreparationCall(therapist, { ...id, formatExplained: true }),
    ];
    for (const refusal of refusals) expect((await rejection(refusal)).code).toBe("FORBIDDEN");
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: booked.id }, include: { preparation: true } })).toMatchObject({
      status: "BOOKED",
      preparation: null,
    });
  });
});

describe("free slots", () => {
  /** The earlier read (Prisma, before it became one statement), kept here as the reference. */
  async function earlierFreeSlots(pcnId: string, clinicDayId: string, options: { limit?: number; excludeSlotId?: string } = {}) {
    const slots = await t.db.slot.findMany({
      where: {
        id: options.excludeSlotId ? { not: options.excludeSlotId } : undefined,
        session: { kind: "WRAP_AROUND", clinicDayId, clinicDay: { status: "SCHEDULED", clinic: { pcnId } } },
        appointments: { none: { activeSlotId: { not: null } } },
      },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
      take: options.limit,
      select: { id: true, column: true, startsAt: true, staff: { select: { name: true } } },
    });
    return slots.map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString(), station: stationLabel(s.column, s.staff?.name) }));
  }
  const shown = (slots: Array<{ id: string; startsAt: string; station: string }>) =>
    slots.map(({ id, startsAt, station }) => ({ id, startsAt, station }));

  it("are the slots no appointment holds, in order, as the earlier read gave, with and without an excluded slot and a limit", async () => {
    // Book three of the next day's free slots for patients with nothing that day, and cancel one again, so held,
    // freed and never-booked slots all occur (earlier tests have booked some of the day already).
    const slots = (await findFreeSlots(reception, { clinicDayId: days.next })).slice(2, 5);
    const busy = new Set(
      (await t.db.appointment.findMany({ where: { clinicDayId: days.next }, select: { patientId: true } })).map((a) => a.patientId),
    );
    const idle = patients.filter((p) => !busy.has(p));
    const held = [];
    for (const [i, slot] of slots.entries()) held.push(await bookAppointment(reception, { slotId: slot.id, patientId: idle[i] }));
    await cancelAppointment(reception, { appointmentId: held[0].id, reason: "Patient rang to cancel" });
    const free = (await findFreeSlots(reception, { clinicDayId: days.next })).map((s) => s.id);
    expect(free).toContain(slots[0].id);
    expect(free).not.toContain(slots[1].id);
    for (const dayId of [days.next, days.after, days.past]) {
      expect(shown(await findFreeSlots(reception, { clinicDayId: dayId }))).toEqual(await earlierFreeSlots(org.pcnId, dayId));
      for (const options of [{ limit: 3 }, { excludeSlotId: slots[0].id }, { excludeSlotId: free[1], limit: 5 }]) {
        const now = await freeSlotsOf(t.db, org.pcnId, dayId, options);
        expect(shown(now)).toEqual(await earlierFreeSlots(org.pcnId, dayId, options));
        expect(now.every((s) => s.clinicDayId === dayId)).toBe(true);
      }
    }
    // Nobody of another PCN is shown any of them.
    expect(await freeSlotsOf(t.db, "00000000-0000-7000-8000-000000000000", days.next)).toEqual([]);
  });
});
