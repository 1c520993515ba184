/**
 * The PCN's daily referral huddle (issue 14): bringing cases, today's list in
 * order, attendance, each decision and the referral it makes or moves on, the
 * mental health partner's access, and carrying undecided cases to the next huddle.
 */
import { addCalendarDays } from "@/lib/care-plan/follow-up";
import { beforeAll, describe, expect, it } from "vitest";
import { nextHuddleDate, rollOverDate } from "@/lib/huddle/roll-over";
import { londonToday } from "@/lib/schedule";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { listClinicDays } from "@/lib/services/clinic-days/list-clinic-days";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { decideCase } from "@/lib/services/huddles/decide-case";
import { getTodaysHuddle } from "@/lib/services/huddles/get-todays-huddle";
import { recordAttendance } from "@/lib/services/huddles/record-attendance";
import { rollOverCases } from "@/lib/services/huddles/roll-over-cases";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { setHuddleAttendees } from "@/lib/services/huddles/set-huddle-attendees";
import { createPatient } from "@/lib/services/patients/create-patient";
import { getPatientSummary } from "@/lib/services/patients/get-patient-summary";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { listHuddleReferrals } from "@/lib/services/huddles/list-huddle-referrals";
import { listReferrals } from "@/lib/services/referrals/list-referrals";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let seq = 0;
const today = londonToday();
const shift = addCalendarDays;

beforeAll(async () => {
  t = await freshDatabase();
});

/** One PCN with its clinic day three weeks ago, where patients were triaged. */
async function pcn(suffix: string) {
  const org = await createOrganisation(t.db, { suffix, name: `PCN ${suffix}` });
  const ctx = (key: keyof Organisation["staff"]): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  const lead = ctx("lead");
  const clinic = await createClinic(lead, { name: "Triage clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const clinicDayId = (await createClinicDays(lead, { templateId: template.id, firstDate: shift(today, -21), weeks: 1 })).ids[0];
  const slots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "TALKING_THERAPIES" } }, orderBy: { startsAt: "asc" } });
  let slotIndex = 0;

  async function patient() {
    return createPatient(ctx("reception"), demoPatientInput(seq++, org.practiceIds));
  }

  /** A patient seen by Talking Therapies three weeks ago, with this triage. */
  async function triaged(triage: { outcome: string; pathway?: string; risk?: boolean; signpostTo?: string; signpostKind?: string }) {
    const p = await patient();
    const slot = slots[slotIndex++];
    const appointment = await t.db.appointment.create({
      data: {
        patientId: p.id,
        clinicDayId,
        slotId: slot.id,
        activeSlotId: slot.id,
        kind: "TALKING_THERAPIES",
        origin: "ROUTING",
        status: "FULFILLED",
        startedAt: slot.startsAt,
        endedAt: slot.endsAt,
      },
    });
    const result = await recordTriage(ctx("therapist"), {
      appointmentId: appointment.id,
      presentingProblems: "Low mood and panic since the diagnosis",
      outcome: triage.outcome,
      pathway: triage.pathway,
      signpostKind: triage.signpostKind,
      signpostTo: triage.signpostTo,
      consentToReferral: triage.outcome === "REFER",
      riskToSelf: triage.risk ?? false,
      riskActionTaken: triage.risk ? "Safety plan agreed; crisis line given" : undefined,
    });
    return { id: p.id, referralId: result.referralId };
  }

  const everyone = () => [org.staff.gp.id, org.staff.therapist.id, org.staff.partner.id, org.staff.partner2.id];
  return { org, ctx, patient, triaged, everyone };
}

describe("bringing cases and today's huddle", () => {
  it("lists today's cases urgent first, then by when brought, with what the discussion needs, and audits each view", async () => {
    const { org, ctx, patient, triaged, everyone } = await pcn("l1");
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: everyone() });

    const calm = await patient();
    const signposted = await triaged({ outcome: "SIGNPOST", signpostKind: "SECONDARY_CARE", signpostTo: "Not sure: psychotherapy or CMHT?" });
    const atRisk = await triaged({ outcome: "STANDALONE_SUPPORT", risk: true });
    const first = await bringCase(ctx("gp"), { patientId: calm.id, question: "Not sure which service" });
    await bringCase(ctx("therapist"), { patientId: signposted.id, question: "Too complex for step 3?" });
    await bringCase(ctx("gp"), { patientId: atRisk.id, question: "Needs more than Talking Therapies?" });
    expect(first).toMatchObject({ huddleId: huddle.id, huddleDate: today, position: 1 });

    const view = (await getTodaysHuddle(ctx("partner")))!;
    expect(view.id).toBe(huddle.id);
    expect(view.cases.map((c) => c.patient.id)).toEqual([atRisk.id, calm.id, signposted.id]);
    expect(view.cases[0]).toMatchObject({ urgent: true, question: "Needs more than Talking Therapies?", broughtByName: org.staff.gp.name });
    expect(view.cases[0].risks[0].summary).toMatch(/self/);
    expect(view.cases[2].triage).toMatchObject({ outcome: "SIGNPOST", signpostTo: "Not sure: psychotherapy or CMHT?" });
    // Only what the discussion needs: no contact details or anything else of the record.
    expect(Object.keys(view.cases[0].patient).sort()).toEqual(["age", "conditions", "id", "name", "nhsNumber"]);
    expect(JSON.stringify(view)).not.toMatch(/phone|email|nervous|worrying/i);
    expect(view.timer.perCase.map((c) => c.seconds)).toEqual([400, 400, 400]);

    const views = await t.db.auditEvent.findMany({ where: { action: "huddle.case.view", actorId: org.staff.partner.id } });
    expect(views.map((v) => v.patientId).sort()).toEqual([atRisk.id, calm.id, signposted.id].sort());
    expect(views.every((v) => (v.details as { asPartner: boolean }).asPartner)).toBe(true);
  });

  it("keeps a patient on one open case at a time, and refuses bringing without a huddle or by a partner", async () => {
    const { ctx, patient, everyone } = await pcn("b1");
    const p = await patient();
    await expectAppError(bringCase(ctx("gp"), { patientId: p.id, question: "Which service?" }), "CONFLICT");
    await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: everyone() });
    await bringCase(ctx("gp"), { patientId: p.id, question: "Which service?" });
    const again = await expectAppError(bringCase(ctx("therapist"), { patientId: p.id, question: "Step 4?" }), "CONFLICT");
    expect(again.message).toMatch(/already waiting/);
    await expectAppError(bringCase(ctx("partner"), { patientId: p.id, question: "?" }), "FORBIDDEN");
    await expectAppError(bringCase(ctx("reception"), { patientId: p.id, question: "?" }), "FORBIDDEN");
    const blank = await expectAppError(bringCase(ctx("gp"), { patientId: p.id, question: "  " }), "VALIDATION");
    expect(blank.fieldErrors?.question).toBe("Enter the question for the huddle");
  });

  it("ticks who is present, only among those listed, by someone at the huddle", async () => {
    const { org, ctx, everyone } = await pcn("t1");
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: everyone() });
    await recordAttendance(ctx("therapist"), {
      huddleId: huddle.id,
      attendance: [
        { staffId: org.staff.gp.id, present: true },
        { staffId: org.staff.therapist.id, present: true },
        { staffId: org.staff.partner.id, present: true },
        { staffId: org.staff.partner2.id, present: false },
      ],
    });
    const view = (await getTodaysHuddle(ctx("gp")))!;
    expect(Object.fromEntries(view.attendees.map((a) => [a.name, a.present]))).toEqual({
      [org.staff.gp.name]: true,
      [org.staff.therapist.name]: true,
      [org.staff.partner.name]: true,
      [org.staff.partner2.name]: false,
    });
    await expectAppError(
      recordAttendance(ctx("gp2"), { huddleId: huddle.id, attendance: [{ staffId: org.staff.gp.id, present: true }] }),
      "FORBIDDEN",
    );
    await expectAppError(
      recordAttendance(ctx("gp"), { huddleId: huddle.id, attendance: [{ staffId: org.staff.buddy.id, present: true }] }),
      "VALIDATION",
    );
    expect(await t.db.auditEvent.count({ where: { action: "huddle.attendance", entityId: huddle.id } })).toBe(1);
  });
});

describe("decisions and their referrals", () => {
  let p: Awaited<ReturnType<typeof pcn>>;
  let huddleId: string;

  beforeAll(async () => {
    p = await pcn("d1");
    huddleId = (await scheduleHuddle(p.ctx("lead"), { date: today, time: "12:30", attendeeIds: p.everyone() })).id;
  });

  async function caseFor(patientId?: string) {
    const id = patientId ?? (await p.patient()).id;
    const brought = await bringCase(p.ctx("gp"), { patientId: id, question: "Which service?", huddleId });
    return { patientId: id, caseId: brought.caseId };
  }

  it("accepted by Talking Therapies moves the patient's open referral to accepted, with the step decided", async () => {
    const triaged = await p.triaged({ outcome: "REFER", pathway: "STEP_2" });
    const c = await caseFor(triaged.id);
    const result = await decideCase(p.ctx("therapist"), {
      caseId: c.caseId,
      destination: "TALKING_THERAPIES",
      pathway: "STEP_3",
      acceptedById: p.org.staff.therapist.id,
      reason: "Moderate depression; step 3 CBT",
    });
    expect(result.referral).toMatchObject({ referralId: triaged.referralId, action: "referral.status", status: "ACCEPTED" });
    const referral = await t.db.referral.findUniqueOrThrow({ where: { id: triaged.referralId! } });
    expect(referral).toMatchObject({ status: "ACCEPTED", pathway: "STEP_3", service: null, ltcCondition: null });
    expect(referral.acceptedAt?.toISOString().slice(0, 10)).toBe(today);
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: c.caseId } })).toMatchObject({ status: "DECIDED" });
    const decision = await t.db.huddleDecision.findUniqueOrThrow({ where: { caseId: c.caseId } });
    expect(decision).toMatchObject({ destination: "TALKING_THERAPIES", referralId: triaged.referralId, acceptedById: p.org.staff.therapist.id });
  });

  it("accepted by Talking Therapies without an earlier referral makes one, accepted, on the therapist's referral list", async () => {
    const c = await caseFor();
    const result = await decideCase(p.ctx("gp"), {
      caseId: c.caseId,
      destination: "TALKING_THERAPIES",
      pathway: "LONG_TERM_CONDITIONS",
      acceptedById: p.org.staff.therapist.id,
      reason: "Anxiety tied to COPD: LTC pathway",
    });
    expect(result.referral).toMatchObject({ action: "referral.create", status: "ACCEPTED" });
    const referral = await t.db.referral.findUniqueOrThrow({ where: { id: result.referral!.referralId } });
    expect(referral).toMatchObject({
      patientId: c.patientId,
      triageOutcomeId: null,
      pathway: "LONG_TERM_CONDITIONS",
      status: "ACCEPTED",
      ownerId: p.org.staff.therapist.id,
    });
    // For the patient's first listed long-term condition (the therapist corrects it from the triage if need be).
    const { longTermConditions } = await t.db.patient.findUniqueOrThrow({ where: { id: c.patientId } });
    expect(longTermConditions.length).toBeGreaterThan(0);
    expect(referral.ltcCondition).toBe(longTermConditions[0]);
    const listed = await listReferrals(p.ctx("therapist"), {});
    expect(listed.find((r) => r.id === referral.id)).toMatchObject({ status: "ACCEPTED", referredBy: p.org.staff.gp.name });
  });

  it("the CMHT partner takes a case for their service: a CMHT referral, accepted", async () => {
    const c = await caseFor();
    const result = await decideCase(p.ctx("partner"), {
      caseId: c.caseId,
      destination: "CMHT",
      acceptedById: p.org.staff.partner.id,
      reason: "Psychotic symptoms; CMHT assessment",
    });
    const referral = await t.db.referral.findUniqueOrThrow({ where: { id: result.referral!.referralId } });
    expect(referral).toMatchObject({ service: "CMHT", pathway: null, status: "ACCEPTED", ownerId: p.org.staff.partner.id });
  });

  it("a referral to a service not accepted at the huddle has an owner (the GP who brought it) and an accept-by date a week on", async () => {
    for (const destination of ["SECONDARY_CARE_PSYCHOTHERAPY", "STEP_4_INTERFACE", "PERINATAL"] as const) {
      const c = await caseFor();
      const result = await decideCase(p.ctx("gp"), { caseId: c.caseId, destination, reason: "Needs their assessment" });
      const referral = await t.db.referral.findUniqueOrThrow({ where: { id: result.referral!.referralId } });
      expect(referral).toMatchObject({ service: destination, status: "REFERRED", ownerId: p.org.staff.gp.id, acceptedAt: null });
      expect(referral.acceptBy?.toISOString().slice(0, 10)).toBe(shift(today, 7));
    }
  });

  it("another named service needs its name; owner and accept-by can be set", async () => {
    const c = await caseFor();
    const missing = await expectAppError(
      decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "OTHER_SERVICE", reason: "Eating disorder" }),
      "VALIDATION",
    );
    expect(missing.fieldErrors?.serviceName).toBe("Enter the name of the service");
    const result = await decideCase(p.ctx("gp"), {
      caseId: c.caseId,
      destination: "OTHER_SERVICE",
      serviceName: "Eating disorders service",
      ownerId: p.org.staff.lead.id,
      acceptBy: shift(today, 3),
      reason: "Eating disorder",
    });
    const referral = await t.db.referral.findUniqueOrThrow({ where: { id: result.referral!.referralId } });
    expect(referral).toMatchObject({ service: "OTHER", serviceName: "Eating disorders service", ownerId: p.org.staff.lead.id });
    expect(referral.acceptBy?.toISOString().slice(0, 10)).toBe(shift(today, 3));
  });

  it("back to the GP with advice and social prescribing make no referral; deferral keeps what is needed", async () => {
    for (const destination of ["BACK_TO_GP", "SOCIAL_PRESCRIBING"] as const) {
      const c = await caseFor();
      const result = await decideCase(p.ctx("gp"), { caseId: c.caseId, destination, reason: "Manage in primary care" });
      expect(result.referral).toBeNull();
      expect(await t.db.referral.count({ where: { patientId: c.patientId } })).toBe(0);
      expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: c.caseId } })).toMatchObject({ status: "DECIDED" });
    }
    const c = await caseFor();
    const noNeed = await expectAppError(
      decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "DEFERRED", reason: "Not enough to go on" }),
      "VALIDATION",
    );
    expect(noNeed.fieldErrors?.whatIsNeeded).toBe("Say what is needed before the next huddle");
    await decideCase(p.ctx("gp"), {
      caseId: c.caseId,
      destination: "DEFERRED",
      reason: "Not enough to go on",
      whatIsNeeded: "Psychiatric history from the CMHT",
    });
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: c.caseId } })).toMatchObject({ status: "DEFERRED" });
  });

  it("one decision per case: a second is refused, and the database keeps decisions as they were made", async () => {
    const c = await caseFor();
    await decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "BACK_TO_GP", reason: "Advice given" });
    await expectAppError(decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "SOCIAL_PRESCRIBING", reason: "Changed mind" }), "CONFLICT");
    await expect(
      t.db.huddleDecision.create({ data: { caseId: c.caseId, destination: "SOCIAL_PRESCRIBING", reason: "Twice", recordedById: p.org.staff.gp.id } }),
    ).rejects.toThrow();
    await expect(t.db.huddleDecision.updateMany({ where: { caseId: c.caseId }, data: { reason: "Rewritten" } })).rejects.toThrow(/append-only/);
    // A referral destination without its referral, or Talking Therapies without a pathway, is refused by the database too.
    const other = await caseFor();
    await expect(
      t.db.huddleDecision.create({ data: { caseId: other.caseId, destination: "CMHT", reason: "No referral", recordedById: p.org.staff.gp.id } }),
    ).rejects.toThrow(/HuddleDecision_needs/);
  });

  it("refuses what does not fit: wrong acceptor, a partner deciding for another service, someone not at the huddle, bad input", async () => {
    const c = await caseFor();
    const ttNoStep = await expectAppError(
      decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "TALKING_THERAPIES", acceptedById: p.org.staff.therapist.id, reason: "x" }),
      "VALIDATION",
    );
    expect(ttNoStep.fieldErrors?.pathway).toMatch(/step 2, step 3/);
    const wrongAcceptor = await expectAppError(
      decideCase(p.ctx("gp"), {
        caseId: c.caseId,
        destination: "TALKING_THERAPIES",
        pathway: "STEP_2",
        acceptedById: p.org.staff.gp.id,
        reason: "x",
      }),
      "VALIDATION",
    );
    expect(wrongAcceptor.fieldErrors?.acceptedById).toMatch(/Talking Therapies clinician/);
    await expectAppError(decideCase(p.ctx("partner"), { caseId: c.caseId, destination: "PERINATAL", reason: "Not mine" }), "FORBIDDEN");
    await expectAppError(decideCase(p.ctx("gp2"), { caseId: c.caseId, destination: "BACK_TO_GP", reason: "Not listed" }), "FORBIDDEN");
    await expectAppError(decideCase(p.ctx("reception"), { caseId: c.caseId, destination: "BACK_TO_GP", reason: "x" }), "FORBIDDEN");
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: c.caseId } })).toMatchObject({ status: "OPEN" });
    expect(await t.db.referral.count({ where: { patientId: c.patientId } })).toBe(0);
  });

  it("shows the decision and its referral on the GP's patient summary", async () => {
    const c = await caseFor();
    await decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "PERINATAL", reason: "Postnatal depression", acceptBy: shift(today, 5) });
    const summary = await getPatientSummary(p.ctx("gp"), { patientId: c.patientId });
    expect(summary.huddle).toEqual([
      {
        caseId: c.caseId,
        date: today,
        question: "Which service?",
        status: "DECIDED",
        decision: expect.objectContaining({
          destination: "PERINATAL",
          reason: "Postnatal depression",
          referral: expect.objectContaining({ status: "REFERRED", acceptBy: shift(today, 5), overdue: false }),
        }),
      },
    ]);
  });

  it("audits each decision and the referral it made", async () => {
    const c = await caseFor();
    const result = await decideCase(p.ctx("gp"), { caseId: c.caseId, destination: "STEP_4_INTERFACE", reason: "Complex trauma" });
    const events = await t.db.auditEvent.findMany({ where: { patientId: c.patientId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["huddle.case.bring", "huddle.case.decide", "referral.create"]));
    expect(events.find((e) => e.action === "referral.create")?.entityId).toBe(result.referral!.referralId);
  });
});

describe("the mental health partner's access", () => {
  it("finds no case of a huddle they are not listed for, and is refused the register", async () => {
    const { ctx, patient, org } = await pcn("a1");
    const tomorrow = shift(today, 1);
    const huddle = await scheduleHuddle(ctx("lead"), { date: tomorrow, time: "12:30", attendeeIds: [org.staff.gp.id, org.staff.therapist.id] });
    const p = await patient();
    const brought = await bringCase(ctx("gp"), { patientId: p.id, question: "Which service?", huddleId: huddle.id });

    await expectAppError(getTodaysHuddle(ctx("partner"), { huddleId: huddle.id }), "NOT_FOUND");
    await expectAppError(decideCase(ctx("partner"), { caseId: brought.caseId, destination: "CMHT", reason: "x" }), "NOT_FOUND");
    await expectAppError(
      recordAttendance(ctx("partner"), { huddleId: huddle.id, attendance: [{ staffId: org.staff.gp.id, present: true }] }),
      "NOT_FOUND",
    );
    await expectAppError(rollOverCases(ctx("partner"), { huddleId: huddle.id }), "FORBIDDEN");
    await expectAppError(searchPatients(ctx("partner"), { query: p.id }), "FORBIDDEN");
    await expectAppError(getPatientSummary(ctx("partner"), { patientId: p.id }), "FORBIDDEN");
    await expectAppError(listClinicDays(ctx("partner"), { from: today }), "FORBIDDEN");
    await expectAppError(listReferrals(ctx("partner"), {}), "FORBIDDEN");
    expect(await t.db.auditEvent.count({ where: { actorId: org.staff.partner.id, patientId: p.id } })).toBe(0);
    // The GP sees it; another PCN's lead does not.
    expect((await getTodaysHuddle(ctx("gp"), { huddleId: huddle.id }))?.cases).toHaveLength(1);
    const other = await pcn("a2");
    await expectAppError(getTodaysHuddle(other.ctx("lead"), { huddleId: huddle.id }), "NOT_FOUND");
    await expectAppError(decideCase(other.ctx("lead"), { caseId: brought.caseId, destination: "BACK_TO_GP", reason: "x" }), "NOT_FOUND");
  });
});

describe("rolling undecided cases over", () => {
  it("carries deferred and unreached cases to the next huddle, first in its order, and closes this one", async () => {
    const { org, ctx, patient, everyone } = await pcn("r1");
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: everyone() });
    const [deferred, unreached, decided] = [await patient(), await patient(), await patient()];
    const deferredCase = await bringCase(ctx("gp"), { patientId: deferred.id, question: "Perinatal or CMHT?" });
    const unreachedCase = await bringCase(ctx("gp"), { patientId: unreached.id, question: "Step 4?" });
    const decidedCase = await bringCase(ctx("gp"), { patientId: decided.id, question: "Social prescribing?" });
    await decideCase(ctx("gp"), {
      caseId: deferredCase.caseId,
      destination: "DEFERRED",
      reason: "Need history",
      whatIsNeeded: "Letter from the perinatal team",
    });
    await decideCase(ctx("gp"), { caseId: decidedCase.caseId, destination: "SOCIAL_PRESCRIBING", reason: "Isolation" });

    const result = await rollOverCases(ctx("lead"), { huddleId: huddle.id });
    const nextDate = nextHuddleDate(today);
    expect(result).toMatchObject({ huddleId: huddle.id, nextDate });
    expect(result.carried.map((c) => c.fromCaseId)).toEqual([deferredCase.caseId, unreachedCase.caseId]);
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: deferredCase.caseId } })).toMatchObject({ status: "ROLLED_OVER" });
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: decidedCase.caseId } })).toMatchObject({ status: "DECIDED" });
    // The deferral stays as it was made.
    expect(await t.db.huddleDecision.findUniqueOrThrow({ where: { caseId: deferredCase.caseId } })).toMatchObject({
      whatIsNeeded: "Letter from the perinatal team",
    });

    // The next huddle has the same people; a case brought for it now comes after the carried ones.
    const next = await t.db.huddle.findUniqueOrThrow({ where: { id: result.nextHuddleId }, include: { attendees: true } });
    expect(next.attendees.map((a) => a.staffId).sort()).toEqual(everyone().sort());
    expect(next.startsAt.getTime() - huddle.startsAt.getTime()).toBeGreaterThan(0);
    const late = await patient();
    await bringCase(ctx("gp"), { patientId: late.id, question: "Which service?" });
    const view = (await getTodaysHuddle(ctx("partner"), { huddleId: next.id }))!;
    expect(view.cases.map((c) => c.patient.id)).toEqual([deferred.id, unreached.id, late.id]);
    expect(view.cases[0]).toMatchObject({ carriedOver: true, status: "OPEN", question: "Perinatal or CMHT?" });

    // The closed huddle takes no more decisions or roll-overs; the carried patient is still on one open case only.
    await expectAppError(rollOverCases(ctx("lead"), { huddleId: huddle.id }), "CONFLICT");
    await expectAppError(bringCase(ctx("gp"), { patientId: deferred.id, question: "Again" }), "CONFLICT");
    await expectAppError(decideCase(ctx("gp"), { caseId: unreachedCase.caseId, destination: "BACK_TO_GP", reason: "x" }), "CONFLICT");
    expect(await t.db.auditEvent.count({ where: { action: "huddle.case.roll-over", actorId: org.staff.lead.id } })).toBe(2);
  });

  it("rolls a huddle left open past its day by itself, before today's huddle is shown", async () => {
    const { org, ctx, patient, everyone } = await pcn("r3");
    const yesterday = shift(today, -1);
    await expectAppError(scheduleHuddle(ctx("lead"), { date: yesterday, time: "12:30", attendeeIds: everyone() }), "VALIDATION");
    // Scheduled yesterday, for yesterday.
    const past = await scheduleHuddle(
      ctx("lead"),
      { date: yesterday, time: "12:30", attendeeIds: everyone() },
      { now: new Date(`${yesterday}T08:00:00Z`) },
    );
    const p = await patient();
    // Brought for yesterday's huddle (as it was then) and not reached.
    const old = await t.db.huddleCase.create({
      data: {
        huddleId: past.id,
        patientId: p.id,
        broughtById: org.staff.gp.id,
        question: "Which service?",
        broughtAt: new Date(Date.now() - 86_400_000),
        position: 1,
      },
    });

    const view = await getTodaysHuddle(ctx("partner"));
    const target = rollOverDate(yesterday, today);
    expect(await t.db.huddle.findUniqueOrThrow({ where: { id: past.id } })).toMatchObject({ closedAt: expect.any(Date) });
    expect(await t.db.huddleCase.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "ROLLED_OVER" });
    const carried = await t.db.huddleCase.findUniqueOrThrow({ where: { rolledFromId: old.id }, include: { huddle: true } });
    expect(carried.huddle.date.toISOString().slice(0, 10)).toBe(target);
    if (target === today) expect(view?.cases.map((c) => c.id)).toEqual([carried.id]);
    const close = await t.db.auditEvent.findFirstOrThrow({ where: { action: "huddle.close", entityId: past.id } });
    expect(close).toMatchObject({ actorId: null, details: expect.objectContaining({ automatic: true, carried: 1 }) });
    // Only once.
    await getTodaysHuddle(ctx("gp"));
    expect(await t.db.huddleCase.count({ where: { patientId: p.id } })).toBe(2);
  });

  it("carries cases to a huddle already scheduled, after its own cases", async () => {
    const { ctx, patient, everyone } = await pcn("r2");
    const later = shift(today, 2);
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "08:30", attendeeIds: everyone() });
    const scheduled = await scheduleHuddle(ctx("lead"), { date: later, time: "13:00", attendeeIds: everyone() });
    const a = await patient();
    const b = await patient();
    await bringCase(ctx("gp"), { patientId: a.id, question: "Q1", huddleId: huddle.id });
    await bringCase(ctx("gp"), { patientId: b.id, question: "Q2", huddleId: scheduled.id });
    const result = await rollOverCases(ctx("lead"), { huddleId: huddle.id });
    expect(result).toMatchObject({ nextHuddleId: scheduled.id, nextDate: later });
    const moved = await t.db.huddleCase.findUniqueOrThrow({ where: { id: result.carried[0].caseId } });
    expect(moved).toMatchObject({ huddleId: scheduled.id, position: 2, patientId: a.id });
  });
});

describe("following referrals out of the huddle", () => {
  it("flags those not accepted by their date, to the clinic lead, the GP who brought the case and the receiving service", async () => {
    const { org, ctx, patient, everyone } = await pcn("f1");
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: everyone() });
    const bring = async (by: "gp" | "therapist") =>
      (await bringCase(ctx(by), { patientId: (await patient()).id, question: "Which service?", huddleId: huddle.id })).caseId;
    const cmhtCase = await bring("gp");
    const psychotherapyCase = await bring("therapist");
    const acceptedCase = await bring("gp");
    await decideCase(ctx("gp"), { caseId: cmhtCase, destination: "CMHT", reason: "Needs CMHT assessment", acceptBy: shift(today, 2) });
    await decideCase(ctx("gp"), { caseId: psychotherapyCase, destination: "SECONDARY_CARE_PSYCHOTHERAPY", reason: "Long-standing trauma" });
    await decideCase(ctx("partner"), { caseId: acceptedCase, destination: "CMHT", acceptedById: org.staff.partner.id, reason: "Taken today" });

    const later = { now: new Date(`${shift(today, 9)}T12:00:00Z`) };
    const lead = await listHuddleReferrals(ctx("lead"), {}, later);
    expect(lead.map((r) => [r.service, r.status, r.overdue])).toEqual([
      ["CMHT", "REFERRED", true],
      ["SECONDARY_CARE_PSYCHOTHERAPY", "REFERRED", true],
      ["CMHT", "ACCEPTED", false],
    ]);
    expect(lead[1]).toMatchObject({
      daysOverdue: 2,
      ownerName: org.staff.therapist.name,
      broughtByName: org.staff.therapist.name,
      huddleDate: today,
    });
    expect(lead[0]).toMatchObject({ daysOverdue: 7, acceptBy: shift(today, 2) });
    expect(await listHuddleReferrals(ctx("lead"), {})).toEqual(expect.arrayContaining([expect.objectContaining({ overdue: false })]));
    expect((await listHuddleReferrals(ctx("lead"), { overdueOnly: true }, later)).map((r) => r.service)).toEqual([
      "CMHT",
      "SECONDARY_CARE_PSYCHOTHERAPY",
    ]);

    // The GP sees the cases they brought; the therapist theirs; each partner only their own service.
    expect((await listHuddleReferrals(ctx("gp"), {}, later)).map((r) => r.service)).toEqual(["CMHT", "CMHT"]);
    expect((await listHuddleReferrals(ctx("therapist"), {}, later)).map((r) => r.service)).toEqual(["SECONDARY_CARE_PSYCHOTHERAPY"]);
    expect((await listHuddleReferrals(ctx("partner"), {}, later)).every((r) => r.service === "CMHT")).toBe(true);
    expect((await listHuddleReferrals(ctx("partner2"), {}, later)).map((r) => r.service)).toEqual(["SECONDARY_CARE_PSYCHOTHERAPY"]);
    expect(await listHuddleReferrals(ctx("gp2"), {}, later)).toEqual([]);
    await expectAppError(listHuddleReferrals(ctx("reception"), {}), "FORBIDDEN");
    expect(await t.db.auditEvent.count({ where: { action: "huddle.referral.list", actorId: org.staff.partner2.id } })).toBe(1);
  });
});

describe("who attends", () => {
  it("the clinic lead sets who attends: a partner added sees the huddle, one removed no longer does, and ticked attendance stays", async () => {
    const { org, ctx, patient } = await pcn("w1");
    const huddle = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: [org.staff.gp.id, org.staff.partner.id] });
    await bringCase(ctx("gp"), { patientId: (await patient()).id, question: "Which service?" });
    expect(await getTodaysHuddle(ctx("partner2"))).toBeNull();
    const bad = await expectAppError(
      scheduleHuddle(ctx("lead"), { date: shift(today, 1), time: "12:30", attendeeIds: [org.staff.reception.id] }),
      "VALIDATION",
    );
    expect(bad.fieldErrors?.attendeeIds).toMatch(/clinicians and mental health partners/);
    await expectAppError(scheduleHuddle(ctx("lead"), { date: today, time: "13:00", attendeeIds: [org.staff.gp.id] }), "CONFLICT");

    await recordAttendance(ctx("gp"), { huddleId: huddle.id, attendance: [{ staffId: org.staff.gp.id, present: true }] });
    await expectAppError(setHuddleAttendees(ctx("lead"), { huddleId: huddle.id, attendeeIds: [org.staff.partner2.id] }), "VALIDATION");
    expect(await setHuddleAttendees(ctx("lead"), { huddleId: huddle.id, attendeeIds: [org.staff.gp.id, org.staff.partner2.id] })).toMatchObject({
      added: 1,
      removed: 1,
    });
    expect((await getTodaysHuddle(ctx("partner2")))?.cases).toHaveLength(1);
    expect(await getTodaysHuddle(ctx("partner"))).toBeNull();
    await expectAppError(setHuddleAttendees(ctx("gp"), { huddleId: huddle.id, attendeeIds: [org.staff.gp.id] }), "FORBIDDEN");
  });
});
