import { beforeAll, describe, expect, it } from "vitest";
import { bookFromWaitlist } from "@/lib/services/routing/book-from-waitlist";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { moveAfternoonAppointment } from "@/lib/services/routing/move-afternoon-appointment";
import { overrideAfternoon } from "@/lib/services/routing/override-afternoon";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { getDayRouting } from "@/lib/services/routing/get-day-routing";
import { listWaitlist } from "@/lib/services/routing/list-waitlist";
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
let reception: ServiceContext;
let therapist: ServiceContext;
let lead: ServiceContext;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  buddy = { db: t.db, actor: org.staff.buddy };
  reception = { db: t.db, actor: org.staff.reception };
  therapist = { db: t.db, actor: org.staff.therapist };
  lead = { db: t.db, actor: org.staff.lead };
});

/** `weeks` weekly clinic days from `date`, with `n` patients checked in to the first morning. */
async function clinicWithArrivals(n: number, date: string, weeks = 1) {
  const clinic = await createClinic(lead, { name: `Clinic ${date}`, siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids } = await createClinicDays(reception, { templateId: template.id, firstDate: date, weeks });
  const clinicDayId = ids[0];
  const morning = await morningSlots(t.db, clinicDayId);
  const appointments = [];
  for (let i = 0; i < n; i++) {
    const patient = await createPatient(reception, demoPatientInput(seq++, org.practiceIds));
    appointments.push(await arrivedMorningAppointment(t.db, { patientId: patient.id, clinicDayId, slotId: morning[i].id }));
  }
  return { clinicDayId, clinicId: clinic.id, dayIds: ids, appointments };
}

async function afternoon(patientId: string, clinicDayId: string) {
  return t.db.appointment.findMany({
    where: { patientId, clinicDayId, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
    include: { slot: true },
    orderBy: { slot: { startsAt: "asc" } },
  });
}

/** Seven positive screens for six Talking Therapies slots: the seventh patient is waitlisted. */
async function fullTherapyDay(date: string, weeks = 1) {
  const clinic = await clinicWithArrivals(7, date, weeks);
  for (const a of clinic.appointments) await recordPhq4(buddy, { appointmentId: a.id, answers: [2, 2, 2, 2] });
  const waiting = clinic.appointments[6].patientId;
  const entry = await t.db.waitlistEntry.findFirstOrThrow({
    where: { patientId: waiting, kind: "TALKING_THERAPIES", openClinicId: clinic.clinicId },
  });
  return { ...clinic, waiting, entry };
}

/** A second patient of the day with a GP-only afternoon; returns the GP appointment's id. */
async function clinicPatientWithGp(clinicDayId: string, date: string): Promise<string> {
  const patient = await createPatient(reception, demoPatientInput(seq++, org.practiceIds));
  const slot = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: { startsAt: "desc" } });
  const morning = await arrivedMorningAppointment(t.db, { patientId: patient.id, clinicDayId, slotId: slot.id, checkedInAt: at(date, "11:40") });
  await recordPhq4(buddy, { appointmentId: morning.id, answers: [0, 0, 1, 0] });
  return (await afternoon(patient.id, clinicDayId))[0].id;
}

const at = (date: string, time: string) => new Date(`${date}T${time}:00Z`); // winter dates: London time is UTC

describe("a morning that does not happen frees the afternoon for the waitlist", () => {
  it("did not attend: frees the TT and GP slots and books the waitlisted patient into the freed TT slot, gap respected", async () => {
    const date = "2027-03-03";
    const { clinicDayId, appointments, waiting, entry } = await fullTherapyDay(date);
    const gone = appointments[0];
    const before = await afternoon(gone.patientId, clinicDayId);
    expect(before.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    // The patient was checked in by mistake before their PHQ-4 was taken elsewhere; reception puts it right.
    await undoArrival(reception, { appointmentId: gone.id, reason: "Checked in the wrong patient" });
    const result = await markNoShow(reception, { appointmentId: gone.id }, { now: at(date, "12:00") });
    expect(result.afternoonFreed).toBe(2);

    const freed = await t.db.appointment.findMany({ where: { id: { in: before.map((a) => a.id) } } });
    expect(freed.every((a) => a.status === "CANCELLED" && a.activeSlotId === null && a.cancelReason === "Did not attend the morning")).toBe(true);
    expect(await t.db.auditEvent.count({ where: { patientId: gone.patientId, action: "appointment.unroute" } })).toBe(2);

    const now = await afternoon(waiting, clinicDayId);
    expect(now.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    expect(now[0].slotId).toBe(before[0].slotId);
    expect(now[1].slot.startsAt.getTime()).toBeGreaterThanOrEqual(now[0].slot.endsAt.getTime() + 10 * 60_000);
    const resolved = await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(resolved).toMatchObject({ openClinicId: null, resolution: "Booked into a freed slot", resolvedById: org.staff.reception.id });
    expect(await t.db.auditEvent.count({ where: { patientId: waiting, action: "waitlist.resolve" } })).toBe(1);
  });

  it("cancellation: frees the afternoon the same way for the waitlisted patient", async () => {
    const date = "2027-03-10";
    const { clinicDayId, appointments, waiting, entry } = await fullTherapyDay(date);
    const gone = appointments[1];
    const before = await afternoon(gone.patientId, clinicDayId);
    await undoArrival(reception, { appointmentId: gone.id, reason: "Checked in by mistake" });
    const result = await cancelAppointment(reception, { appointmentId: gone.id, reason: "Patient phoned to cancel" });
    expect(result.afternoonFreed).toBe(2);
    const freed = await t.db.appointment.findMany({ where: { id: { in: before.map((a) => a.id) } } });
    expect(freed.every((a) => a.status === "CANCELLED" && a.cancelReason === "Morning appointment cancelled")).toBe(true);
    const now = await afternoon(waiting, clinicDayId);
    expect(now.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    expect(now[0].slotId).toBe(before[0].slotId);
    expect(now[1].slot.startsAt.getTime()).toBeGreaterThanOrEqual(now[0].slot.endsAt.getTime() + 10 * 60_000);
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).resolution).toBe("Booked into a freed slot");
  });

  it("a did-not-attend with no afternoon changes nothing else", async () => {
    const date = "2027-03-17";
    const { appointments } = await clinicWithArrivals(1, date);
    await undoArrival(reception, { appointmentId: appointments[0].id, reason: "Checked in by mistake" });
    const result = await markNoShow(reception, { appointmentId: appointments[0].id }, { now: at(date, "12:00") });
    expect(result.afternoonFreed).toBe(0);
  });
});

describe("a clinician overrides the routing", () => {
  it("adds Talking Therapies for a total of 2, with the reason stored and audited", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-04-07");
    const patientId = appointments[0].patientId;
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [1, 0, 1, 0] });
    expect((await afternoon(patientId, clinicDayId)).map((a) => a.kind)).toEqual(["GP"]);

    const short = await failure(overrideAfternoon(therapist, { patientId, clinicDayId, talkingTherapies: true, reason: "ok" }));
    expect(short.code).toBe("VALIDATION");
    expect(short.fieldErrors?.reason).toMatch(/at least 5/);

    const outcome = await overrideAfternoon(therapist, { patientId, clinicDayId, talkingTherapies: true, reason: "Buddy worried about low mood" });
    expect(outcome.talkingTherapies).toBe(true);
    const after = await afternoon(patientId, clinicDayId);
    expect(after.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    expect(after[1].slot.startsAt.getTime()).toBeGreaterThanOrEqual(after[0].slot.endsAt.getTime() + 10 * 60_000);
    const decision = await t.db.routingDecision.findFirstOrThrow({ where: { patientId, override: true } });
    expect(decision).toMatchObject({
      talkingTherapies: true,
      reason: "Override by Maria Costa: Buddy worried about low mood",
      actorId: org.staff.therapist.id,
    });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { patientId, action: "routing.override" } });
    expect(audit.details).toMatchObject({ talkingTherapies: true, reason: "Buddy worried about low mood", phq4Total: 2 });

    const view = await getDayRouting(therapist, { clinicDayId });
    const routed = view.patients.find((p) => p.patientId === patientId)!;
    expect(routed.decisions.map((d) => [d.override, d.talkingTherapies])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(routed.talkingTherapies).toBe(true);
  });

  it("removes Talking Therapies for a total of 7 when the patient declines, keeping the GP", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-04-14");
    const patientId = appointments[0].patientId;
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [2, 2, 2, 1] });
    const before = await afternoon(patientId, clinicDayId);
    expect(before.map((a) => a.kind)).toEqual(["TALKING_THERAPIES", "GP"]);
    await overrideAfternoon(lead, { patientId, clinicDayId, talkingTherapies: "false", reason: "Patient declines Talking Therapies today" });
    const after = await afternoon(patientId, clinicDayId);
    expect(after.map((a) => a.id)).toEqual([before[1].id]);
    expect(
      await t.db.routingDecision.count({
        where: {
          patientId,
          override: true,
          talkingTherapies: false,
          reason: "Override by Dr Helen Okafor: Patient declines Talking Therapies today",
        },
      }),
    ).toBe(1);
    expect(await t.db.auditEvent.count({ where: { patientId, action: "routing.override" } })).toBe(1);
  });

  it("moves a GP appointment only to a free GP slot at or after the end of Talking Therapies plus the gap", async () => {
    const date = "2027-01-20";
    const { clinicDayId, appointments } = await clinicWithArrivals(1, date);
    const patientId = appointments[0].patientId;
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [2, 1, 1, 1] });
    const [therapy, gp] = await afternoon(patientId, clinicDayId);
    expect(therapy.slot.endsAt).toEqual(at(date, "13:30"));
    const gpSlots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "GP" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
    const tooEarly = gpSlots.find((s) => s.startsAt.getTime() === at(date, "13:30").getTime())!;
    const refused = await failure(
      moveAfternoonAppointment(therapist, { appointmentId: gp.id, slotId: tooEarly.id, reason: "Patient asked for earlier" }),
    );
    expect(refused.code).toBe("VALIDATION");
    expect(refused.message).toMatch(/13:40 or later/);

    const later = gpSlots.find((s) => s.startsAt.getTime() === at(date, "14:30").getTime())!;
    const moved = await moveAfternoonAppointment(therapist, { appointmentId: gp.id, slotId: later.id, reason: "Patient needs a break" });
    expect(moved.time).toBe("14:30");
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: gp.id } })).toMatchObject({ slotId: later.id, activeSlotId: later.id });
    expect(await t.db.auditEvent.count({ where: { patientId, action: "appointment.move" } })).toBe(1);

    // Two clinicians moving into one free slot at once: the unique index lets one through.
    const target = gpSlots.find((s) => s.startsAt.getTime() === at(date, "15:10").getTime())!;
    const other = await clinicPatientWithGp(clinicDayId, date);
    const race = await Promise.allSettled([
      moveAfternoonAppointment(therapist, { appointmentId: gp.id, slotId: target.id, reason: "Race one" }),
      moveAfternoonAppointment(lead, { appointmentId: other, slotId: target.id, reason: "Race two" }),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = race.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "CONFLICT", message: "That slot was just taken by someone else. Choose another free slot." });
    expect(await t.db.appointment.count({ where: { activeSlotId: target.id } })).toBe(1);

    const therapySlots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "TALKING_THERAPIES" } } });
    const wrongKind = await failure(
      moveAfternoonAppointment(therapist, { appointmentId: gp.id, slotId: therapySlots[3].id, reason: "Wrong kind of slot" }),
    );
    expect(wrongKind.message).toMatch(/free GP slot/);
  });
});

describe("booking from the waitlist", () => {
  it("books the next clinic day's earliest free slot of that kind and resolves the entry; refuses a past day or a full one", async () => {
    const date = "2027-05-05";
    const { dayIds, waiting, entry, appointments } = await fullTherapyDay(date, 3);
    const [first, next, third] = dayIds;

    const rows = await listWaitlist(lead, "2027-05-05");
    const row = rows.find((r) => r.id === entry.id)!;
    expect(row).toMatchObject({ kind: "TALKING_THERAPIES", fromDate: date, nextDay: { id: next, date: "2027-05-12" } });

    expect((await failure(bookFromWaitlist(lead, { waitlistEntryId: entry.id, clinicDayId: first }))).message).toMatch(/after 5 May 2027/);
    const elsewhere = await clinicWithArrivals(0, "2027-05-13");
    expect((await failure(bookFromWaitlist(lead, { waitlistEntryId: entry.id, clinicDayId: elsewhere.clinicDayId }))).message).toBe(
      "That clinic day belongs to another clinic: choose a day of Clinic 2027-05-05.",
    );
    await t.db.clinicDay.update({ where: { id: third }, data: { date: new Date("2020-01-01T00:00:00Z") } });
    expect((await failure(bookFromWaitlist(lead, { waitlistEntryId: entry.id, clinicDayId: third }))).message).toMatch(/already happened/);

    // Fill the next day's Talking Therapies slots.
    const therapySlots = await t.db.slot.findMany({
      where: { session: { clinicDayId: next, kind: "TALKING_THERAPIES" } },
      orderBy: { startsAt: "asc" },
    });
    const fillers = [];
    for (const [i, slot] of therapySlots.entries()) {
      fillers.push(
        await t.db.appointment.create({
          data: {
            patientId: appointments[i].patientId,
            clinicDayId: next,
            slotId: slot.id,
            activeSlotId: slot.id,
            kind: "TALKING_THERAPIES",
            origin: "ROUTING",
          },
        }),
      );
    }
    const full = await failure(bookFromWaitlist(lead, { waitlistEntryId: entry.id, clinicDayId: next }));
    expect(full.message).toBe("There is no free Talking Therapies slot on 12 May 2027: choose another day.");
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).openClinicId).not.toBeNull();

    await t.db.appointment.update({ where: { id: fillers[2].id }, data: { status: "CANCELLED", activeSlotId: null } });
    const booked = await bookFromWaitlist(therapist, { waitlistEntryId: entry.id, clinicDayId: next });
    expect(booked).toMatchObject({ date: "2027-05-12", time: "14:00" });
    const appointment = await t.db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
    expect(appointment).toMatchObject({
      patientId: waiting,
      kind: "TALKING_THERAPIES",
      slotId: therapySlots[2].id,
      reason: "From the waitlist of 5 May 2027",
    });
    expect(await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      openClinicId: null,
      resolvedById: org.staff.therapist.id,
      resolution: "Booked into 12 May 2027 at 14:00",
    });
    expect(await t.db.auditEvent.count({ where: { patientId: waiting, action: "appointment.book-from-waitlist" } })).toBe(1);
    expect((await failure(bookFromWaitlist(lead, { waitlistEntryId: entry.id, clinicDayId: next }))).code).toBe("CONFLICT");
    expect((await listWaitlist(lead, "2027-05-05")).some((r) => r.id === entry.id)).toBe(false);
  });
});

describe("permissions", () => {
  it("refuses reception, GPs and health buddies; only the clinic lead and the therapist may change routing", async () => {
    const { clinicDayId, appointments } = await clinicWithArrivals(1, "2027-06-02");
    const patientId = appointments[0].patientId;
    await recordPhq4(buddy, { appointmentId: appointments[0].id, answers: [1, 1, 1, 1] });
    const [therapy] = await afternoon(patientId, clinicDayId);
    const gpCtx = { db: t.db, actor: org.staff.gp };
    const entry = await t.db.waitlistEntry.create({
      data: {
        clinicId: (await t.db.clinicDay.findUniqueOrThrow({ where: { id: clinicDayId } })).clinicId,
        openClinicId: null,
        patientId,
        kind: "GP",
        reason: "test",
        fromClinicDayId: clinicDayId,
      },
    });
    for (const ctx of [reception, gpCtx, buddy]) {
      expect(
        (await failure(overrideAfternoon(ctx, { patientId, clinicDayId, talkingTherapies: false, reason: "Not allowed to do this" }))).code,
      ).toBe("FORBIDDEN");
      expect(
        (await failure(moveAfternoonAppointment(ctx, { appointmentId: therapy.id, slotId: therapy.slotId, reason: "Not allowed to do this" }))).code,
      ).toBe("FORBIDDEN");
      expect((await failure(bookFromWaitlist(ctx, { waitlistEntryId: entry.id, clinicDayId }))).code).toBe("FORBIDDEN");
      expect((await failure(listWaitlist(ctx))).code).toBe("FORBIDDEN");
      expect((await failure(getDayRouting(ctx, { clinicDayId }))).code).toBe("FORBIDDEN");
    }
    expect(await t.db.routingDecision.count({ where: { patientId, override: true } })).toBe(0);
    await overrideAfternoon(therapist, { patientId, clinicDayId, talkingTherapies: false, reason: "Therapist may do this" });
    await overrideAfternoon(lead, { patientId, clinicDayId, talkingTherapies: true, reason: "And so may the lead" });
    expect(await t.db.routingDecision.count({ where: { patientId, override: true } })).toBe(2);
  });
});
