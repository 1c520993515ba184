/**
 * The checks the model-based test and the fault tier rely on must be able to
 * fail: each defect the review found, written straight into the database as the
 * old code left it, is caught by its rule (and a clinic day run by the services
 * breaks none).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { checkIn } from "@/lib/services/appointments/check-in";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { brokenInvariants } from "@/tests/faults/invariants";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { brokenRoutingRules } from "@/tests/helpers/routing-invariants";

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "buddy" | "therapist" | "lead", ServiceContext>;
let seq = 0;

// Each test breaks the database on purpose: each gets a database of its own.
beforeEach(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  as = {
    reception: { db: t.db, actor: org.staff.reception },
    buddy: { db: t.db, actor: org.staff.buddy },
    therapist: { db: t.db, actor: org.staff.therapist },
    lead: { db: t.db, actor: org.staff.lead },
  };
});

const at = (date: string, time: string) => ({ now: londonWallTimeToInstant(date, time) });

/** A patient screened positive on the first of two weekly days: Talking Therapies then a GP booked. */
async function positive(date: string) {
  const clinic = await createClinic(as.lead, { name: `Clinic ${date}`, siteId: org.siteId });
  const template = await createClinicTemplate(as.lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids } = await createClinicDays(as.reception, { templateId: template.id, firstDate: date, weeks: 2 });
  const patient = await createPatient(as.reception, demoPatientInput(seq++, org.practiceIds));
  const slot = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId: ids[0], kind: "WRAP_AROUND" } }, orderBy: { startsAt: "asc" } });
  const morning = await bookAppointment(as.reception, { slotId: slot.id, patientId: patient.id }, at(date, "07:00"));
  await checkIn(as.reception, { appointmentId: morning.id }, at(date, "08:55"));
  await recordPhq4(as.buddy, { appointmentId: morning.id, answers: [2, 2, 1, 1] }, at(date, "09:30"));
  const therapy = await t.db.appointment.findFirstOrThrow({ where: { patientId: patient.id, kind: "TALKING_THERAPIES" }, include: { slot: true } });
  const gp = await t.db.appointment.findFirstOrThrow({ where: { patientId: patient.id, kind: "GP" }, include: { slot: true } });
  return { dayIds: ids, patientId: patient.id, therapy, gp, clinicId: clinic.id };
}

const rules = async () => (await brokenRoutingRules(t.db)).map((b) => b.rule);

describe("the clinic day's promises as database checks", () => {
  it("hold for a day run by the services, in the fault tier's check too", async () => {
    await positive("2027-02-03");
    expect(await brokenRoutingRules(t.db)).toEqual([]);
    expect(await brokenInvariants(t.db)).toEqual([]);
  });

  it("catch a positive screen whose therapy was cancelled with nobody put on the waitlist (a cancelled day, a re-routing)", async () => {
    const { therapy, clinicId } = await positive("2027-03-03");
    await t.db.appointment.update({ where: { id: therapy.id }, data: { status: "CANCELLED", activeSlotId: null, cancelledAt: new Date() } });
    expect(await rules()).toContain("a positive screen is booked into Talking Therapies or on an open Talking Therapies waitlist entry");
    // A cancelled appointment or a closed entry does not count, only an open one.
    const entry = await t.db.waitlistEntry.create({
      data: {
        clinicId,
        patientId: therapy.patientId,
        kind: "TALKING_THERAPIES",
        reason: "test",
        fromClinicDayId: therapy.clinicDayId,
        resolvedAt: new Date(),
      },
    });
    expect(await rules()).toContain("a positive screen is booked into Talking Therapies or on an open Talking Therapies waitlist entry");
    await t.db.waitlistEntry.update({ where: { id: entry.id }, data: { openClinicId: entry.clinicId, resolvedAt: null } });
    expect(await rules()).not.toContain("a positive screen is booked into Talking Therapies or on an open Talking Therapies waitlist entry");
  });

  it("catch an attended patient left with no GP, a GP before therapy, and an entry beside a standing appointment", async () => {
    const { gp, therapy, clinicId } = await positive("2027-04-07");
    await t.db.appointment.update({ where: { id: gp.id }, data: { status: "CANCELLED", activeSlotId: null, cancelledAt: new Date() } });
    expect(await rules()).toContain("everyone who attended has a GP appointment or an open GP waitlist entry");
    const early = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId: gp.clinicDayId, kind: "GP" } }, orderBy: { startsAt: "asc" } });
    await t.db.appointment.create({
      data: { patientId: gp.patientId, clinicDayId: gp.clinicDayId, slotId: early.id, activeSlotId: early.id, kind: "GP", origin: "ROUTING" },
    });
    expect(early.startsAt.getTime()).toBeLessThan(therapy.slot.endsAt.getTime() + 10 * 60_000);
    expect(await rules()).toContain("Talking Therapies ends at least the handover gap before the same day's GP appointment");
    await t.db.waitlistEntry.create({
      data: { clinicId, openClinicId: clinicId, patientId: gp.patientId, kind: "TALKING_THERAPIES", reason: "test", fromClinicDayId: gp.clinicDayId },
    });
    expect(await rules()).toContain("not both: no open waitlist entry of a day beside an appointment of that kind standing that day");
  });

  it("catch a review that is neither booked nor on the review list, and a triage pointing at a review that did not happen", async () => {
    const { therapy, dayIds } = await positive("2027-05-05");
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    await recordTriage(
      as.therapist,
      { appointmentId: therapy.id, presentingProblems: "Low mood", outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[1] },
      { now: therapy.slot.endsAt },
    );
    const triage = await t.db.triageOutcome.findFirstOrThrow({ where: { appointmentId: therapy.id } });
    expect(await brokenRoutingRules(t.db)).toEqual([]);
    await t.db.appointment.update({ where: { id: triage.reviewAppointmentId! }, data: { status: "NOSHOW", noShowAt: new Date() } });
    expect(await rules()).toEqual(
      expect.arrayContaining([
        "every triage review is booked or on the review list until it happens",
        "a triage points only at a review that stands",
      ]),
    );
  });

  it("the database itself refuses to cancel what has happened", async () => {
    const { therapy } = await positive("2027-06-02");
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    await expect(t.db.appointment.update({ where: { id: therapy.id }, data: { status: "CANCELLED", activeSlotId: null } })).rejects.toThrow(
      /Appointment_cancelled_never_happened/,
    );
  });
});
