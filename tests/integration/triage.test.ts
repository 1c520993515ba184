import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { getAfternoonList } from "@/lib/services/afternoons/get-afternoon-list";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { bookFromWaitlist } from "@/lib/services/routing/book-from-waitlist";
import { listReferrals } from "@/lib/services/referrals/list-referrals";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { listWaitlist } from "@/lib/services/routing/list-waitlist";
import { getTriageContext } from "@/lib/services/triage/get-triage-context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import {
  arrivedMorningAppointment,
  createOrganisation,
  demoPatientInput,
  morningSlots,
  standardTemplateSessions,
  type Organisation,
} from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let therapist: ServiceContext;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  therapist = { db: t.db, actor: org.staff.therapist };
});

const plusDays = (date: string, n: number) =>
  addDays(new Date(`${date}T12:00:00Z`), n)
    .toISOString()
    .slice(0, 10);

/** A clinic with `weeks` weekly days from `date`, and `n` patients screened positive on the first, their Talking Therapies appointment called in. */
async function screenedClinic(date: string, n: number, weeks = 3) {
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: `Clinic ${date}`, siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids } = await createClinicDays({ db: t.db, actor: org.staff.reception }, { templateId: template.id, firstDate: date, weeks });
  const clinicDayId = ids[0];
  const morning = await morningSlots(t.db, clinicDayId);
  const therapy = [];
  for (let i = 0; i < n; i++) {
    const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
    const m = await arrivedMorningAppointment(t.db, { patientId: patient.id, clinicDayId, slotId: morning[i].id });
    await recordPhq4({ db: t.db, actor: org.staff.buddy }, { appointmentId: m.id, answers: [2, 1, 1, 1] });
    const tt = await t.db.appointment.findFirstOrThrow({ where: { patientId: patient.id, clinicDayId, kind: "TALKING_THERAPIES" } });
    therapy.push(await t.db.appointment.update({ where: { id: tt.id }, data: { status: "ARRIVED", startedAt: new Date() } }));
  }
  return { clinicId: clinic.id, dayIds: ids, clinicDayId, therapy };
}

const support = (appointmentId: string, extra: Record<string, unknown> = {}) => ({
  appointmentId,
  presentingProblems: "Low mood since a heart failure diagnosis; poor sleep",
  outcome: "STANDALONE_SUPPORT",
  ...extra,
});

describe("recording a triage", () => {
  it("flags a recorded risk on the GP's list, first, and on the flow board for clinical roles only", async () => {
    const date = "2027-04-07";
    const { clinicDayId, therapy } = await screenedClinic(date, 3, 1);
    const atRisk = therapy[2];
    const result = await recordTriage(
      therapist,
      support(atRisk.id, {
        riskToSelf: true,
        riskActionTaken: "Safety plan agreed; crisis line number given; GP told in person",
        recommendations: ["Review sertraline dose"],
      }),
    );
    expect(result).toMatchObject({ updated: false, risk: true, referralId: null, review: null });
    await recordTriage(therapist, support(therapy[0].id));

    const gp = await getAfternoonList({ db: t.db, actor: org.staff.gp }, "GP", date);
    expect(gp!.entries[0].patientId).toBe(atRisk.patientId);
    expect(gp!.entries[0].risk).toBe(true);
    expect(gp!.entries[0].risks).toEqual([
      expect.objectContaining({
        kinds: ["riskToSelf"],
        summary: "to self",
        actionTaken: "Safety plan agreed; crisis line number given; GP told in person",
        triageDate: date,
      }),
    ]);
    expect(gp!.entries.slice(1).every((e) => e.risk === false && e.risks.length === 0)).toBe(true);
    // Otherwise still in time order.
    const rest = gp!.entries.slice(1).map((e) => e.startsAt.getTime());
    expect(rest).toEqual([...rest].sort((a, b) => a - b));

    const tt = await getAfternoonList(therapist, "TALKING_THERAPIES", date);
    expect(
      tt!.entries
        .filter((e) => e.triaged)
        .map((e) => e.appointmentId)
        .sort(),
    ).toEqual([atRisk.id, therapy[0].id].sort());

    const board = await getFlowBoard({ db: t.db, actor: org.staff.lead }, { clinicDayId });
    expect(board.rows.find((r) => r.patientId === atRisk.patientId)!.risk).toBe(true);
    expect(board.rows.filter((r) => r.risk).length).toBe(1);
    const reception = await getFlowBoard({ db: t.db, actor: org.staff.reception }, { clinicDayId });
    expect(reception.rows.every((r) => !("risk" in r))).toBe(true);
    expect(JSON.stringify(reception)).not.toContain("risk");
  });

  it("refuses a risk without the action taken, and the database refuses one too", async () => {
    const { therapy } = await screenedClinic("2027-04-14", 1, 1);
    const error = await expectAppError(recordTriage(therapist, support(therapy[0].id, { riskToOthers: true, riskActionTaken: "  " })), "VALIDATION");
    expect(error.fieldErrors).toMatchObject({ riskActionTaken: "Say what action was taken about the risk" });
    expect(await t.db.triageOutcome.count({ where: { appointmentId: therapy[0].id } })).toBe(0);

    await expect(
      t.db
        .$executeRaw`INSERT INTO "TriageOutcome" (id, "appointmentId", "patientId", "presentingProblems", "riskFromOthers", outcome, "recordedById", "updatedAt")
        VALUES (gen_random_uuid(), ${therapy[0].id}::uuid, ${therapy[0].patientId}::uuid, 'x', true, 'STANDALONE_SUPPORT', ${org.staff.therapist.id}::uuid, now())`,
    ).rejects.toThrow(/TriageOutcome_risk_needs_action/);
    await expect(
      t.db
        .$executeRaw`INSERT INTO "TriageOutcome" (id, "appointmentId", "patientId", "presentingProblems", outcome, pathway, "consentToReferral", "recordedById", "updatedAt")
        VALUES (gen_random_uuid(), ${therapy[0].id}::uuid, ${therapy[0].patientId}::uuid, 'x', 'REFER', 'STEP_2', false, ${org.staff.therapist.id}::uuid, now())`,
    ).rejects.toThrow(/TriageOutcome_refer_needs_pathway_and_consent/);
  });

  it("refuses a referral without consent and writes nothing; with consent it refers from the clinic day", async () => {
    const date = "2027-04-21";
    const { therapy } = await screenedClinic(date, 1, 1);
    const appointmentId = therapy[0].id;
    const auditsBefore = await t.db.auditEvent.count({ where: { patientId: therapy[0].patientId } });
    const refused = await expectAppError(recordTriage(therapist, support(appointmentId, { outcome: "REFER", pathway: "STEP_2" })), "VALIDATION");
    expect(refused.fieldErrors?.consentToReferral).toMatch(/must consent/);
    expect(await t.db.triageOutcome.count({ where: { appointmentId } })).toBe(0);
    expect(await t.db.referral.count({ where: { patientId: therapy[0].patientId } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { patientId: therapy[0].patientId } })).toBe(auditsBefore);

    const noPathway = await expectAppError(
      recordTriage(therapist, support(appointmentId, { outcome: "REFER", consentToReferral: true })),
      "VALIDATION",
    );
    expect(noPathway.fieldErrors?.pathway).toMatch(/pathway/);

    const result = await recordTriage(
      therapist,
      support(appointmentId, {
        outcome: "REFER",
        pathway: "STEP_2",
        consentToReferral: "on",
        recommendations: ["Consider a pain clinic referral", "", "Review sleep hygiene"],
      }),
    );
    const referral = await t.db.referral.findUniqueOrThrow({ where: { id: result.referralId! } });
    expect(referral).toMatchObject({ status: "REFERRED", pathway: "STEP_2", patientId: therapy[0].patientId });
    expect(referral.referredAt.toISOString().slice(0, 10)).toBe(date);
    const triage = await t.db.triageOutcome.findUniqueOrThrow({ where: { appointmentId } });
    expect(triage.recommendations).toEqual(["Consider a pain clinic referral", "Review sleep hygiene"]);
    const actions = (await t.db.auditEvent.findMany({ where: { patientId: therapy[0].patientId, actorId: org.staff.therapist.id } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["triage.record", "referral.create"]));

    // A second save is an update, audited with the names of the fields changed; the referral stays one.
    const again = await recordTriage(
      therapist,
      support(appointmentId, { outcome: "REFER", pathway: "STEP_3", consentToReferral: true, recommendations: ["Review sleep hygiene"] }),
    );
    expect(again).toMatchObject({ updated: true, referralId: result.referralId });
    expect(again.changed.sort()).toEqual(["pathway", "recommendations"]);
    const update = await t.db.auditEvent.findFirstOrThrow({ where: { patientId: therapy[0].patientId, action: "triage.update" } });
    expect(update.details).toMatchObject({ changed: expect.arrayContaining(["pathway", "recommendations"]) });
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: result.referralId! } })).toMatchObject({ pathway: "STEP_3" });
    // A referral made keeps the outcome: it is closed on the referrals page instead.
    const away = await expectAppError(recordTriage(therapist, support(appointmentId)), "VALIDATION");
    expect(away.fieldErrors?.outcome).toMatch(/referral has already been made/);
  });

  it("an LTC referral carries its condition: refused without one (nothing written), dropped on another pathway", async () => {
    const { therapy } = await screenedClinic("2027-08-04", 3, 1);
    const [ltc, step2, accepted] = therapy;
    const refer = (appointmentId: string, extra: Record<string, unknown>) =>
      support(appointmentId, { outcome: "REFER", consentToReferral: true, ...extra });
    const auditsBefore = await t.db.auditEvent.count({ where: { patientId: ltc.patientId } });
    const missing = await expectAppError(recordTriage(therapist, refer(ltc.id, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "" })), "VALIDATION");
    expect(missing.fieldErrors).toEqual({ ltcCondition: "Choose the long-term condition the referral is for" });
    expect(await t.db.triageOutcome.count({ where: { appointmentId: ltc.id } })).toBe(0);
    expect(await t.db.referral.count({ where: { patientId: ltc.patientId } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { patientId: ltc.patientId } })).toBe(auditsBefore);

    const made = await recordTriage(therapist, refer(ltc.id, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "COPD" }));
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: made.referralId! } })).toMatchObject({
      pathway: "LONG_TERM_CONDITIONS",
      ltcCondition: "COPD",
    });
    // The form opens on the referral's condition.
    expect((await getTriageContext(therapist, ltc.id)).saved).toMatchObject({ ltcCondition: "COPD" });

    // Another condition: the referral changes (audited by the field's name); the triage's content does not.
    const other = await recordTriage(therapist, refer(ltc.id, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "DIABETES" }));
    expect(other).toMatchObject({ referralId: made.referralId, version: made.version, changed: [] });
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: made.referralId! } })).toMatchObject({ ltcCondition: "DIABETES" });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: made.referralId!, action: "referral.update" } });
    expect(audit.details).toEqual({ changed: ["ltcCondition"] });
    // Moved to step 3, the referral keeps no condition (the database refuses one off the LTC pathway).
    await recordTriage(therapist, refer(ltc.id, { pathway: "STEP_3", ltcCondition: "DIABETES" }));
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: made.referralId! } })).toMatchObject({ pathway: "STEP_3", ltcCondition: null });

    // A step 2 referral stores none, even with the form's default condition sent along.
    const s2 = await recordTriage(therapist, refer(step2.id, { pathway: "STEP_2", ltcCondition: "ASTHMA" }));
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: s2.referralId! } })).toMatchObject({ pathway: "STEP_2", ltcCondition: null });

    // Once accepted, the condition no longer changes.
    const kept = await recordTriage(therapist, refer(accepted.id, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "CHRONIC_PAIN" }));
    await t.db.referral.update({ where: { id: kept.referralId! }, data: { status: "ACCEPTED", acceptedAt: new Date("2027-08-04T00:00:00Z") } });
    const locked = await expectAppError(
      recordTriage(therapist, refer(accepted.id, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "IBS" })),
      "VALIDATION",
    );
    expect(locked.fieldErrors?.ltcCondition).toMatch(/cannot change/);
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: kept.referralId! } })).toMatchObject({ ltcCondition: "CHRONIC_PAIN" });
  });

  it("books a Talking Therapies review on the later clinic day, and waitlists for that day when it is full", async () => {
    const date = "2027-05-05";
    const { clinicId, dayIds, therapy } = await screenedClinic(date, 2, 3);
    const [, later, latest] = dayIds;
    // Consents to text reminders and has a mobile, no email: one SMS reminder for the review.
    await t.db.patient.update({ where: { id: therapy[0].patientId }, data: { consentToTextReminders: true, phone: "07700 900123", email: null } });
    const first = await recordTriage(therapist, support(therapy[0].id, { outcome: "REVIEW_LATER", reviewClinicDayId: later }));
    expect(first.review).toMatchObject({ clinicDayId: later, date: plusDays(date, 7), time: "13:00", waitlisted: false });
    const triage = await t.db.triageOutcome.findUniqueOrThrow({ where: { appointmentId: therapy[0].id } });
    const review = await t.db.appointment.findUniqueOrThrow({ where: { id: triage.reviewAppointmentId! } });
    expect(review).toMatchObject({ clinicDayId: later, kind: "TALKING_THERAPIES", status: "BOOKED", patientId: therapy[0].patientId });
    expect(await t.db.auditEvent.count({ where: { action: "appointment.book-review", entityId: review.id } })).toBe(1);
    expect(await t.db.reminderOutbox.findMany({ where: { appointmentId: review.id }, select: { channel: true, status: true } })).toEqual([
      { channel: "SMS", status: "QUEUED" },
    ]);

    // The form's day list counts the free slots.
    const context = await getTriageContext(therapist, therapy[1].id, "2027-01-01");
    expect(context.reviewDays.map((d) => [d.id, d.freeSlots])).toEqual([
      [later, 5],
      [latest, 6],
    ]);
    expect(context.phq4).toMatchObject({ total: 5, anxiety: 3, depression: 2, answers: [2, 1, 1, 1], band: "mild" });

    // Fill the latest day's Talking Therapies slots.
    const slots = await t.db.slot.findMany({ where: { session: { clinicDayId: latest, kind: "TALKING_THERAPIES" } } });
    for (const s of slots) {
      const p = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
      await t.db.appointment.create({
        data: { patientId: p.id, clinicDayId: latest, slotId: s.id, activeSlotId: s.id, kind: "TALKING_THERAPIES", origin: "ROUTING" },
      });
    }
    const full = await recordTriage(therapist, support(therapy[1].id, { outcome: "REVIEW_LATER", reviewClinicDayId: latest }));
    expect(full.review).toMatchObject({ clinicDayId: latest, time: null, waitlisted: true });
    const entry = await t.db.waitlistEntry.findFirstOrThrow({ where: { patientId: therapy[1].patientId, openClinicId: clinicId } });
    expect(entry).toMatchObject({ kind: "TALKING_THERAPIES", forClinicDayId: latest, fromClinicDayId: dayIds[0] });
    const waitlist = await listWaitlist({ db: t.db, actor: org.staff.lead }, "2027-01-01");
    const row = waitlist.find((w) => w.id === entry.id)!;
    expect(row).toMatchObject({ forDate: plusDays(date, 14), nextDay: { id: latest } });

    // Changing the outcome closes the waitlist entry, or frees the review slot.
    await recordTriage(therapist, support(therapy[1].id));
    expect(await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ openClinicId: null });
    await recordTriage(therapist, support(therapy[0].id));
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: "CANCELLED", activeSlotId: null });
    expect(await t.db.reminderOutbox.findMany({ where: { appointmentId: review.id }, select: { status: true } })).toEqual([{ status: "CANCELLED" }]);
    expect(await t.db.triageOutcome.findUniqueOrThrow({ where: { appointmentId: therapy[0].id } })).toMatchObject({
      reviewClinicDayId: null,
      reviewAppointmentId: null,
    });
  });

  it("a review waitlisted for a full day is linked to the triage once booked from the waitlist", async () => {
    const { clinicId, dayIds, therapy } = await screenedClinic("2027-07-07", 1, 2);
    const later = dayIds[1];
    const fillers = [];
    for (const s of await t.db.slot.findMany({ where: { session: { clinicDayId: later, kind: "TALKING_THERAPIES" } } })) {
      const p = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
      fillers.push(
        await t.db.appointment.create({
          data: { patientId: p.id, clinicDayId: later, slotId: s.id, activeSlotId: s.id, kind: "TALKING_THERAPIES", origin: "ROUTING" },
        }),
      );
    }
    await recordTriage(therapist, support(therapy[0].id, { outcome: "REVIEW_LATER", reviewClinicDayId: later }));
    const entry = await t.db.waitlistEntry.findFirstOrThrow({ where: { patientId: therapy[0].patientId, openClinicId: clinicId } });
    // The therapist's afternoon alert for the triage day lists the patient.
    const alert = await getAfternoonList(therapist, "TALKING_THERAPIES", "2027-07-07");
    expect(alert!.waitlist.map((w) => w.id)).toContain(entry.id);

    await t.db.appointment.update({ where: { id: fillers[0].id }, data: { status: "CANCELLED", activeSlotId: null, cancelledAt: new Date() } });
    await t.db.patient.update({
      where: { id: therapy[0].patientId },
      data: { consentToTextReminders: true, consentToEmailReminders: true, phone: "07700 900124", email: "review@example.com" },
    });
    const booked = await bookFromWaitlist(therapist, { waitlistEntryId: entry.id, clinicDayId: later });
    // Booked into a later day from the waitlist: reminded by text and email (both agreed to), like a reception booking.
    const reminders = await t.db.reminderOutbox.findMany({
      where: { appointmentId: booked.appointmentId },
      select: { channel: true, status: true },
      orderBy: { channel: "asc" },
    });
    expect(reminders).toEqual([
      { channel: "SMS", status: "QUEUED" },
      { channel: "EMAIL", status: "QUEUED" },
    ]);
    expect(await t.db.triageOutcome.findUniqueOrThrow({ where: { appointmentId: therapy[0].id } })).toMatchObject({
      reviewClinicDayId: later,
      reviewAppointmentId: booked.appointmentId,
    });
    // Seen on the triage page as booked; the page's view is audited.
    const context = await getTriageContext(therapist, therapy[0].id, "2027-01-01");
    expect(context.review).toEqual({ date: "2027-07-14", booked: true, text: expect.stringMatching(/^booked on 14 July 2027 at \d\d:\d\d$/) });
    expect(await t.db.auditEvent.count({ where: { action: "triage.view", patientId: therapy[0].patientId, actorId: org.staff.therapist.id } })).toBe(
      1,
    );
  });

  it("refuses a review day that is today, past, or not after the triage", async () => {
    const date = "2027-05-26";
    const { dayIds, therapy } = await screenedClinic(date, 1, 2);
    const appointmentId = therapy[0].id;
    const later = plusDays(date, 7);
    const sameDay = await expectAppError(
      recordTriage(therapist, support(appointmentId, { outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[1] }), {
        now: londonWallTimeToInstant(later, "09:00"),
      }),
      "VALIDATION",
    );
    expect(sameDay.fieldErrors?.reviewClinicDayId).toBe(`The clinic day of 2 June 2027 is today: choose a clinic day after today`);
    const past = await expectAppError(
      recordTriage(therapist, support(appointmentId, { outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[1] }), {
        now: londonWallTimeToInstant(plusDays(later, 1), "09:00"),
      }),
      "VALIDATION",
    );
    expect(past.fieldErrors?.reviewClinicDayId).toMatch(/has already happened/);
    const itself = await expectAppError(
      recordTriage(therapist, support(appointmentId, { outcome: "REVIEW_LATER", reviewClinicDayId: dayIds[0] })),
      "VALIDATION",
    );
    expect(itself.fieldErrors?.reviewClinicDayId).toMatch(/after 26 May 2027, the day of this triage/);
    const none = await expectAppError(recordTriage(therapist, support(appointmentId, { outcome: "REVIEW_LATER" })), "VALIDATION");
    expect(none.fieldErrors?.reviewClinicDayId).toBe("Choose the later clinic day for the review");
    expect(await t.db.triageOutcome.count({ where: { appointmentId } })).toBe(0);
    expect(await t.db.appointment.count({ where: { clinicDayId: dayIds[1] } })).toBe(0);
  });

  it("needs the patient called in, and refuses a did-not-attend", async () => {
    const { therapy } = await screenedClinic("2027-06-16", 2, 1);
    await t.db.appointment.update({ where: { id: therapy[0].id }, data: { status: "BOOKED", startedAt: null } });
    expect((await expectAppError(recordTriage(therapist, support(therapy[0].id)), "VALIDATION")).message).toMatch(
      /^Call .* in before recording the triage$/,
    );
    await t.db.appointment.update({ where: { id: therapy[1].id }, data: { status: "NOSHOW" } });
    expect((await expectAppError(recordTriage(therapist, support(therapy[1].id)), "VALIDATION")).message).toMatch(/did not attend/);
  });

  it("refuses reception, and hides another PCN's appointment", async () => {
    const { therapy } = await screenedClinic("2027-06-23", 1, 1);
    const reception = { db: t.db, actor: org.staff.reception };
    await expectAppError(recordTriage(reception, support(therapy[0].id)), "FORBIDDEN");
    await expectAppError(listReferrals(reception), "FORBIDDEN");
    await expectAppError(getTriageContext(reception, therapy[0].id), "FORBIDDEN");
    const other = await createOrganisation(t.db, { suffix: "other", name: "Other PCN" });
    await expectAppError(recordTriage({ db: t.db, actor: other.staff.therapist }, support(therapy[0].id)), "NOT_FOUND");
    await expectAppError(getTriageContext({ db: t.db, actor: other.staff.therapist }, therapy[0].id), "NOT_FOUND");
    expect(await t.db.triageOutcome.count({ where: { appointmentId: therapy[0].id } })).toBe(0);
  });
});
