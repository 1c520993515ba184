/**
 * "The afternoon never loses a patient": one test per finding of the review
 * (issue 11), each written against the behaviour it found, through the real
 * services on real PostgreSQL.
 */
import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { markAfternoonAbsent } from "@/lib/services/afternoons/mark-afternoon-absent";
import { undoAfternoonAbsence } from "@/lib/services/afternoons/undo-afternoon-absence";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookFromWaitlist } from "@/lib/services/routing/book-from-waitlist";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { cancelClinicDay } from "@/lib/services/clinic-days/cancel-clinic-day";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { getTriageContext } from "@/lib/services/triage/get-triage-context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { appErrorOf } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { brokenRoutingRules } from "@/tests/helpers/routing-invariants";

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "buddy" | "therapist" | "gp" | "lead", ServiceContext>;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  as = {
    reception: { db: t.db, actor: org.staff.reception },
    buddy: { db: t.db, actor: org.staff.buddy },
    therapist: { db: t.db, actor: org.staff.therapist },
    gp: { db: t.db, actor: org.staff.gp },
    lead: { db: t.db, actor: org.staff.lead },
  };
});

const plusDays = (date: string, n: number) =>
  addDays(new Date(`${date}T12:00:00Z`), n)
    .toISOString()
    .slice(0, 10);
const at = (date: string, time: string) => ({ now: londonWallTimeToInstant(date, time) });
const POSITIVE = [2, 1, 1, 1];
const NEGATIVE = [0, 1, 0, 0];

/** A clinic of `weeks` weekly days from `date` with its own staff rota, and helpers for its patients. */
async function clinic(date: string, weeks = 3) {
  const c = await createClinic(as.lead, { name: `Clinic ${date}`, siteId: org.siteId });
  const template = await createClinicTemplate(as.lead, { clinicId: c.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids, dates } = await createClinicDays(as.reception, { templateId: template.id, firstDate: date, weeks });
  return { clinicId: c.id, dayIds: ids, dates };
}

/** A new patient booked into a morning slot of the day (the first free one), booked a week ahead. */
async function booked(clinicDayId: string, date: string) {
  const patient = await createPatient(as.reception, demoPatientInput(seq++, org.practiceIds));
  const slot = await t.db.slot.findFirstOrThrow({
    where: { session: { clinicDayId, kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const { bookAppointment } = await import("@/lib/services/appointments/book-appointment");
  const morning = await bookAppointment(as.reception, { slotId: slot.id, patientId: patient.id }, at(plusDays(date, -7), "10:00"));
  return { patientId: patient.id, morningId: morning.id };
}

/** Booked, checked in at 09:00 and screened at 09:30 with these answers. */
async function screened(clinicDayId: string, date: string, answers: number[]) {
  const p = await booked(clinicDayId, date);
  await checkIn(as.reception, { appointmentId: p.morningId }, at(date, "08:55"));
  await recordPhq4(as.buddy, { appointmentId: p.morningId, answers }, at(date, "09:30"));
  return p;
}

async function afternoonOf(patientId: string, clinicDayId: string, kind: "TALKING_THERAPIES" | "GP") {
  return t.db.appointment.findFirst({ where: { patientId, clinicDayId, kind, status: { notIn: ["CANCELLED"] } }, include: { slot: true } });
}

async function openEntries(patientId: string) {
  return t.db.waitlistEntry.findMany({ where: { patientId, openClinicId: { not: null } }, orderBy: { createdAt: "asc" } });
}

async function expectPromisesKept() {
  expect(await brokenRoutingRules(t.db)).toEqual([]);
}

/** Six positive screens fill the one therapist's six slots; the next positive screen is waitlisted. */
async function fillTherapy(clinicDayId: string, date: string) {
  for (let i = 0; i < 6; i++) await screened(clinicDayId, date, POSITIVE);
}

describe("1. cancelling a later clinic day", () => {
  it("puts a booking from the waitlist back on the waitlist and a triage review back on the review list, and the triage says so", async () => {
    const { dayIds, dates } = await clinic("2027-06-02");
    // Day 1: one patient waitlisted for therapy (full), one triaged with a review on day 3.
    await fillTherapy(dayIds[0], dates[0]);
    const waiting = await screened(dayIds[0], dates[0], POSITIVE);
    const [entry] = await openEntries(waiting.patientId);
    expect(entry).toMatchObject({ kind: "TALKING_THERAPIES", fromClinicDayId: dayIds[0] });
    const reviewed = await t.db.appointment.findFirstOrThrow({
      where: { clinicDayId: dayIds[0], kind: "TALKING_THERAPIES", status: "BOOKED" },
      include: { slot: true },
    });
    await startAfternoonAppointment(as.therapist, { appointmentId: reviewed.id }, { now: reviewed.slot.startsAt });
    await recordTriage(
      as.therapist,
      { appointmentId: reviewed.id, presentingProblems: "Worry about breathlessness", outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[2] },
      { now: reviewed.slot.endsAt },
    );
    const review = await t.db.appointment.findFirstOrThrow({
      where: { patientId: reviewed.patientId, clinicDayId: dayIds[2], kind: "TALKING_THERAPIES" },
    });
    expect(review).toMatchObject({ origin: "TRIAGE_REVIEW", status: "BOOKED" });
    // The waiting patient is booked from the waitlist into day 3 too.
    await bookFromWaitlist(as.lead, { waitlistEntryId: entry.id, clinicDayId: dayIds[2] }, at(dates[0], "18:00"));
    const fromList = await t.db.appointment.findFirstOrThrow({ where: { patientId: waiting.patientId, clinicDayId: dayIds[2] } });
    expect(fromList).toMatchObject({ origin: "WAITLIST", waitlistEntryId: entry.id });
    await expectPromisesKept();

    const result = await cancelClinicDay(
      as.lead,
      { clinicDayId: dayIds[2], reason: "Building closed for repairs", bookings: "cancel" },
      at(dates[1], "12:00"),
    );
    expect(
      result.outcomes
        .filter((o) => o.outcome === "cancelled" && "backOn" in o)
        .map((o) => (o as { backOn?: string }).backOn)
        .sort(),
    ).toEqual(["review list", "waitlist"]);
    // Both are cancelled, and both patients are waiting again, with the reason, from the day their need began.
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: fromList.id } })).status).toBe("CANCELLED");
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: review.id } })).status).toBe("CANCELLED");
    expect(await openEntries(waiting.patientId)).toEqual([
      expect.objectContaining({
        kind: "TALKING_THERAPIES",
        fromClinicDayId: dayIds[0],
        causeAppointmentId: fromList.id,
        reason: "Building closed for repairs",
      }),
    ]);
    const triage = await t.db.triageOutcome.findFirstOrThrow({ where: { appointmentId: reviewed.id } });
    expect(triage.reviewAppointmentId).toBeNull();
    expect(await openEntries(reviewed.patientId)).toEqual([expect.objectContaining({ triageOutcomeId: triage.id, causeAppointmentId: review.id })]);
    const context = await getTriageContext(as.therapist, reviewed.id, dates[1]);
    expect(context.review).toMatchObject({ booked: false, text: "on the review list (Building closed for repairs)" });
    await expectPromisesKept();
  });
});

describe("2. on the day of a triage review", () => {
  async function reviewOnDayTwo(date: string) {
    const { dayIds, dates } = await clinic(date);
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const therapy = (await afternoonOf(p.patientId, dayIds[0], "TALKING_THERAPIES"))!;
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    await recordTriage(
      as.therapist,
      { appointmentId: therapy.id, presentingProblems: "Low mood", outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[1] },
      { now: therapy.slot.endsAt },
    );
    const review = (await afternoonOf(p.patientId, dayIds[1], "TALKING_THERAPIES"))!;
    // Reception books the same patient into day 2's morning too.
    const slot = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: dayIds[1], kind: "WRAP_AROUND" } },
      orderBy: { startsAt: "asc" },
    });
    const { bookAppointment } = await import("@/lib/services/appointments/book-appointment");
    const morning = await bookAppointment(as.reception, { slotId: slot.id, patientId: p.patientId }, at(dates[0], "18:00"));
    return { dayIds, dates, patientId: p.patientId, review, morningId: morning.id };
  }

  it("keeps the review when that day's PHQ-4 is negative, and books the GP after it", async () => {
    const { dayIds, dates, patientId, review, morningId } = await reviewOnDayTwo("2027-07-07");
    await checkIn(as.reception, { appointmentId: morningId }, at(dates[1], "08:55"));
    const result = await recordPhq4(as.buddy, { appointmentId: morningId, answers: NEGATIVE }, at(dates[1], "09:30"));
    expect(result.routing.reason).toMatch(/GP only/);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: review.id } })).status).toBe("BOOKED");
    const gp = (await afternoonOf(patientId, dayIds[1], "GP"))!;
    expect(gp.slot.startsAt.getTime()).toBeGreaterThanOrEqual(review.slot.endsAt.getTime() + 10 * 60_000);
    expect(
      (await getTriageContext(as.therapist, (await t.db.triageOutcome.findFirstOrThrow({ where: { patientId } })).appointmentId, dates[1])).review,
    ).toMatchObject({ booked: true });
    await expectPromisesKept();
  });

  it("keeps the review when the morning is marked did not attend, and when it is cancelled", async () => {
    const dna = await reviewOnDayTwo("2027-08-04");
    await markNoShow(as.reception, { appointmentId: dna.morningId }, at(dna.dates[1], "10:00"));
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: dna.review.id } })).status).toBe("BOOKED");

    const cancelled = await reviewOnDayTwo("2027-09-01");
    await cancelAppointment(as.reception, { appointmentId: cancelled.morningId, reason: "Patient phoned: will come for the afternoon only" });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: cancelled.review.id } })).status).toBe("BOOKED");
    expect(await openEntries(cancelled.patientId)).toEqual([]);
    await expectPromisesKept();
  });
});

describe("3. what has happened is never rewritten", () => {
  it("an amendment from positive to negative after the triage keeps the therapy appointment that happened, and the triage stays editable", async () => {
    const { dayIds, dates } = await clinic("2027-10-06");
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const therapy = (await afternoonOf(p.patientId, dayIds[0], "TALKING_THERAPIES"))!;
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    await finishAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.endsAt });
    await recordTriage(
      as.therapist,
      { appointmentId: therapy.id, presentingProblems: "Anxiety", outcome: "STANDALONE_SUPPORT" },
      { now: therapy.slot.endsAt },
    );
    await recordPhq4(
      as.buddy,
      { appointmentId: p.morningId, answers: NEGATIVE, amendReason: "Item 1 was recorded against the wrong patient" },
      { now: therapy.slot.endsAt },
    );
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } })).status).toBe("FULFILLED");
    await recordTriage(
      as.therapist,
      { appointmentId: therapy.id, presentingProblems: "Anxiety, better after the session", outcome: "STANDALONE_SUPPORT" },
      { now: therapy.slot.endsAt },
    );
    await expectPromisesKept();
  });

  it("an amendment from negative to positive never cancels a GP appointment in progress; therapy goes on the waitlist", async () => {
    const { dayIds, dates } = await clinic("2027-11-03");
    const p = await screened(dayIds[0], dates[0], NEGATIVE);
    const gp = (await afternoonOf(p.patientId, dayIds[0], "GP"))!;
    await startAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.startsAt });
    const result = await recordPhq4(
      as.buddy,
      { appointmentId: p.morningId, answers: POSITIVE, amendReason: "Patient told the GP how they really feel" },
      { now: new Date(gp.slot.startsAt.getTime() + 5 * 60_000) },
    );
    expect(result.routing.talkingTherapies).toBe(true);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: gp.id } })).status).toBe("ARRIVED");
    expect(await openEntries(p.patientId)).toEqual([
      expect.objectContaining({ kind: "TALKING_THERAPIES", reason: expect.stringContaining("before the GP") }),
    ]);
    await expectPromisesKept();
  });

  it("a late amendment books nothing that has already started, and one on a past day waitlists a newly positive screen", async () => {
    const { dayIds, dates } = await clinic("2027-12-01");
    const late = await screened(dayIds[0], dates[0], NEGATIVE);
    const now = londonWallTimeToInstant(dates[0], "14:40");
    await recordPhq4(as.buddy, { appointmentId: late.morningId, answers: POSITIVE, amendReason: "Recorded on the wrong form" }, { now });
    const therapy = (await afternoonOf(late.patientId, dayIds[0], "TALKING_THERAPIES"))!;
    expect(therapy.slot.startsAt.getTime()).toBeGreaterThanOrEqual(now.getTime());

    const past = await screened(dayIds[0], dates[0], NEGATIVE);
    const gp = (await afternoonOf(past.patientId, dayIds[0], "GP"))!;
    await startAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.startsAt });
    await finishAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.endsAt });
    // A week later, opening the past day's address, the PHQ-4 is corrected.
    await recordPhq4(
      as.buddy,
      { appointmentId: past.morningId, answers: POSITIVE, amendReason: "Paper form transcribed wrongly" },
      at(dates[1], "09:00"),
    );
    expect(await t.db.phq4Assessment.count({ where: { appointmentId: past.morningId } })).toBe(2);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: gp.id } })).status).toBe("FULFILLED");
    expect(await afternoonOf(past.patientId, dayIds[0], "TALKING_THERAPIES")).toBeNull();
    expect(await openEntries(past.patientId)).toEqual([
      expect.objectContaining({ kind: "TALKING_THERAPIES", reason: expect.stringMatching(/time has passed|before the GP/) }),
    ]);
    await expectPromisesKept();
  });

  it("freed capacity never turns a finished GP visit of a waitlisted patient into a cancellation", async () => {
    const { dayIds, dates } = await clinic("2028-01-05");
    await fillTherapy(dayIds[0], dates[0]);
    const waiting = await screened(dayIds[0], dates[0], POSITIVE);
    const gp = (await afternoonOf(waiting.patientId, dayIds[0], "GP"))!;
    await startAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.startsAt });
    await finishAfternoonAppointment(as.gp, { appointmentId: gp.id }, { now: gp.slot.endsAt });
    // Someone booked for later in the morning does not come: their therapy slot is freed.
    const late = await booked(dayIds[0], dates[0]);
    const { overrideAfternoon } = await import("@/lib/services/routing/override-afternoon");
    await overrideAfternoon(
      as.lead,
      { patientId: late.patientId, clinicDayId: dayIds[0], talkingTherapies: true, reason: "Known to the service: see today" },
      at(dates[0], "08:00"),
    );
    await markNoShow(as.reception, { appointmentId: late.morningId }, { now: gp.slot.endsAt });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: gp.id } })).status).toBe("FULFILLED");
    await expectPromisesKept();
  });
});

describe("4. afternoon did not attend and left before being seen", () => {
  it("waitlists a positive screen who left before therapy, shows it on the flow board, and the undo takes the entry back", async () => {
    const { dayIds, dates } = await clinic("2028-02-02");
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const therapy = (await afternoonOf(p.patientId, dayIds[0], "TALKING_THERAPIES"))!;
    const now = { now: new Date(therapy.slot.startsAt.getTime() + 15 * 60_000) };
    const result = await markAfternoonAbsent(
      as.therapist,
      { appointmentId: therapy.id, absence: "LEFT_BEFORE_SEEN", note: "Went home feeling unwell" },
      now,
    );
    expect(result.backOn).toBe("waitlist");
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } })).toMatchObject({
      status: "NOSHOW",
      leftBeforeSeen: true,
      noShowReason: "Went home feeling unwell",
    });
    expect(await openEntries(p.patientId)).toEqual([expect.objectContaining({ kind: "TALKING_THERAPIES", causeAppointmentId: therapy.id })]);
    expect(await t.db.auditEvent.count({ where: { patientId: p.patientId, action: "appointment.left-before-seen" } })).toBe(1);
    await expectPromisesKept();
    // The GP appointment after it still stands: the board shows them waiting for it, the itinerary shows what was missed.
    const row = (await getFlowBoard(as.lead, { clinicDayId: dayIds[0] }, now)).rows.find((r) => r.patientId === p.patientId)!;
    expect(row.itinerary.afternoon.find((a) => a.kind === "TALKING_THERAPIES")?.missed).toBe("left before being seen");
    expect(row.itinerary.waitlisted.map((w) => w.kind)).toEqual(["TALKING_THERAPIES"]);

    // Reception cannot mark it; an undo needs a reason and takes the patient off the waitlist again.
    expect((await appErrorOf(markAfternoonAbsent(as.reception, { appointmentId: therapy.id, absence: "DID_NOT_ATTEND" }, now))).code).toBe(
      "FORBIDDEN",
    );
    expect((await appErrorOf(undoAfternoonAbsence(as.therapist, { appointmentId: therapy.id, reason: "" }, now))).code).toBe("VALIDATION");
    await undoAfternoonAbsence(as.therapist, { appointmentId: therapy.id, reason: "She was in the toilets" }, now);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } })).toMatchObject({
      status: "BOOKED",
      leftBeforeSeen: false,
      noShowAt: null,
    });
    expect(await openEntries(p.patientId)).toEqual([]);
    await expectPromisesKept();
  });

  it("puts a review the patient did not come to back on the review list, and the GP who was not attended on the GP waitlist", async () => {
    const { dayIds, dates } = await clinic("2028-03-01");
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const therapy = (await afternoonOf(p.patientId, dayIds[0], "TALKING_THERAPIES"))!;
    await startAfternoonAppointment(as.therapist, { appointmentId: therapy.id }, { now: therapy.slot.startsAt });
    await recordTriage(
      as.therapist,
      { appointmentId: therapy.id, presentingProblems: "Low mood", outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[1] },
      { now: therapy.slot.endsAt },
    );
    const gp = (await afternoonOf(p.patientId, dayIds[0], "GP"))!;
    await markAfternoonAbsent(
      as.gp,
      { appointmentId: gp.id, absence: "DID_NOT_ATTEND" },
      { now: new Date(gp.slot.startsAt.getTime() + 20 * 60_000) },
    );
    expect(await openEntries(p.patientId)).toEqual([expect.objectContaining({ kind: "GP", causeAppointmentId: gp.id })]);

    const review = (await afternoonOf(p.patientId, dayIds[1], "TALKING_THERAPIES"))!;
    const result = await markAfternoonAbsent(
      as.therapist,
      { appointmentId: review.id, absence: "DID_NOT_ATTEND" },
      { now: new Date(review.slot.startsAt.getTime() + 20 * 60_000) },
    );
    expect(result.backOn).toBe("review list");
    const triage = await t.db.triageOutcome.findFirstOrThrow({ where: { appointmentId: therapy.id } });
    expect(triage.reviewAppointmentId).toBeNull();
    expect((await openEntries(p.patientId)).find((e) => e.triageOutcomeId === triage.id)).toMatchObject({ causeAppointmentId: review.id });
    await expectPromisesKept();
  });
});

describe("5. the waitlist", () => {
  it("a positive screen waitlisted for therapy still sees a GP that day; the board shows a patient waitlisted for everything as waitlisted", async () => {
    const { dayIds, dates } = await clinic("2028-04-05");
    await fillTherapy(dayIds[0], dates[0]);
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    expect(await openEntries(p.patientId)).toEqual([expect.objectContaining({ kind: "TALKING_THERAPIES" })]);
    expect(await afternoonOf(p.patientId, dayIds[0], "GP")).not.toBeNull();

    // After the afternoon, a late arrival screened positive can be given nothing: the board says waitlisted, not left.
    const late = await booked(dayIds[0], dates[0]);
    await checkIn(as.reception, { appointmentId: late.morningId }, at(dates[0], "11:00"));
    await recordPhq4(as.buddy, { appointmentId: late.morningId, answers: POSITIVE }, at(dates[0], "17:30"));
    const { finishMorningAppointment } = await import("@/lib/services/assessments/finish-morning-appointment");
    await finishMorningAppointment(as.buddy, { appointmentId: late.morningId }, at(dates[0], "17:35"));
    expect((await openEntries(late.patientId)).map((e) => e.kind).sort()).toEqual(["GP", "TALKING_THERAPIES"]);
    const row = (await getFlowBoard(as.lead, { clinicDayId: dayIds[0] }, at(dates[0], "17:40"))).rows.find((r) => r.patientId === late.patientId)!;
    expect(row).toMatchObject({ stage: "waitlisted", stageLabel: "Waitlisted for a later clinic" });
    await expectPromisesKept();
  });

  it("an earlier day's entry keeps its day and is not closed by a negative amendment on a later day", async () => {
    const { dayIds, dates } = await clinic("2028-05-03");
    await fillTherapy(dayIds[0], dates[0]);
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const [entry] = await openEntries(p.patientId);
    expect(entry.fromClinicDayId).toBe(dayIds[0]);
    // Day 2 is full too; the patient comes again and screens positive, then the answers are corrected to negative.
    await fillTherapy(dayIds[1], dates[1]);
    const slot = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: dayIds[1], kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
      orderBy: { startsAt: "asc" },
    });
    const { bookAppointment } = await import("@/lib/services/appointments/book-appointment");
    const morning = await bookAppointment(as.reception, { slotId: slot.id, patientId: p.patientId }, at(dates[0], "18:00"));
    await checkIn(as.reception, { appointmentId: morning.id }, at(dates[1], "09:00"));
    await recordPhq4(as.buddy, { appointmentId: morning.id, answers: POSITIVE }, at(dates[1], "09:30"));
    expect(await openEntries(p.patientId)).toEqual([expect.objectContaining({ id: entry.id, fromClinicDayId: dayIds[0] })]);
    await recordPhq4(as.buddy, { appointmentId: morning.id, answers: NEGATIVE, amendReason: "Misheard" }, at(dates[1], "09:45"));
    expect(await openEntries(p.patientId)).toEqual([expect.objectContaining({ id: entry.id, fromClinicDayId: dayIds[0] })]);
    await expectPromisesKept();
  });

  it("a later day's routing meets an open entry with its booking, which then belongs to the waitlist and survives that day's negative amendment", async () => {
    const { dayIds, dates } = await clinic("2028-06-07");
    await fillTherapy(dayIds[0], dates[0]);
    const p = await screened(dayIds[0], dates[0], POSITIVE);
    const [entry] = await openEntries(p.patientId);
    const slot = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: dayIds[1], kind: "WRAP_AROUND" } },
      orderBy: { startsAt: "asc" },
    });
    const { bookAppointment } = await import("@/lib/services/appointments/book-appointment");
    const morning = await bookAppointment(as.reception, { slotId: slot.id, patientId: p.patientId }, at(dates[0], "18:00"));
    await checkIn(as.reception, { appointmentId: morning.id }, at(dates[1], "09:00"));
    await recordPhq4(as.buddy, { appointmentId: morning.id, answers: POSITIVE }, at(dates[1], "09:30"));
    const therapy = (await afternoonOf(p.patientId, dayIds[1], "TALKING_THERAPIES"))!;
    expect(therapy).toMatchObject({ origin: "WAITLIST", waitlistEntryId: entry.id });
    expect(await openEntries(p.patientId)).toEqual([]);
    await recordPhq4(as.buddy, { appointmentId: morning.id, answers: NEGATIVE, amendReason: "Misheard" }, at(dates[1], "09:45"));
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: therapy.id } })).status).toBe("BOOKED");
    await expectPromisesKept();
  });
});
