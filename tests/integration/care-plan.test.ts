import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { translator } from "@/lib/messages";
import { pseudoCatalogueFile, PSEUDO_LOCALE } from "@/lib/messages/pseudo";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { finaliseCarePlan } from "@/lib/services/care-plans/finalise-care-plan";
import { getCarePlan } from "@/lib/services/care-plans/get-care-plan";
import { getCarePlanHistory } from "@/lib/services/care-plans/get-care-plan-history";
import { getPatientSummary } from "@/lib/services/patients/get-patient-summary";
import { listReviewsDue } from "@/lib/services/care-plans/list-reviews-due";
import { checkIn } from "@/lib/services/appointments/check-in";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { reviseCarePlan } from "@/lib/services/care-plans/revise-care-plan";
import { saveCarePlanDraft } from "@/lib/services/care-plans/save-care-plan-draft";
import { createTriageOutcome } from "@/tests/helpers/clinical-factories";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let gp: ServiceContext;
let reception: ServiceContext;
let buddy: ServiceContext;
let buddy2: ServiceContext;
let therapist: ServiceContext;
let days: { ids: string[]; dates: string[] };
let seq = 0;

const today = londonToday();
const plus = (n: number) =>
  addDays(new Date(`${today}T12:00:00Z`), n)
    .toISOString()
    .slice(0, 10);

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const ctx = (key: keyof Organisation["staff"]): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  [gp, reception, buddy, buddy2, therapist] = [ctx("gp"), ctx("reception"), ctx("buddy"), ctx("buddy2"), ctx("therapist")];
  const lead = ctx("lead");
  const clinic = await createClinic(lead, { name: "Care plan clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  // Weekly from tomorrow: the review days to book into.
  const created = await createClinicDays(lead, { templateId: template.id, firstDate: plus(1), weeks: 6 });
  days = { ids: created.ids, dates: created.ids.map((_, i) => plus(1 + 7 * i)) };
});

async function patientWithTriage(recommendations = ["Guided self-help for low mood (step 2)", "Encourage the walking group"]) {
  const patient = await createPatient(reception, demoPatientInput(seq++, org.practiceIds));
  // Spread over the days: each afternoon has six therapy slots.
  await createTriageOutcome(t.db, {
    patientId: patient.id,
    clinicDayId: days.ids[seq % days.ids.length],
    recordedById: org.staff.therapist.id,
    recommendations,
  });
  return patient.id;
}

function plan(patientId: string, over: Record<string, unknown> = {}) {
  return {
    patientId,
    whatMatters: "Getting back to my allotment and seeing my grandchildren",
    goals: "Walk to the allotment twice a week by the summer",
    actions: [
      { kind: "MEDICAL", description: "Review metformin dose after bloods", who: "GP", byWhen: plus(14) },
      { kind: "SOCIAL", description: "Join the Tuesday walking group", who: "Key worker with me", byWhen: plus(21) },
    ],
    recommendations: [
      { recommendation: "Guided self-help for low mood (step 2)", accepted: true },
      { recommendation: "Encourage the walking group", accepted: false, reason: "Already agreed as a social action" },
    ],
    keyWorkerId: org.staff.buddy.id,
    nextReviewDate: plus(28),
    ...over,
  };
}

describe("drafting and finalising", () => {
  it("refuses to finalise without a review date or key worker, with clear messages, and changes nothing", async () => {
    const patientId = await patientWithTriage();
    const { carePlanId } = await saveCarePlanDraft(gp, plan(patientId, { nextReviewDate: "", keyWorkerId: "" }));
    const before = await t.db.carePlan.findUniqueOrThrow({ where: { id: carePlanId } });

    const noDate = await expectAppError(
      finaliseCarePlan(gp, plan(patientId, { carePlanId, nextReviewDate: "", whatMatters: "Changed in the refused attempt" })),
      "VALIDATION",
    );
    expect(noDate.message).toBe("Set the next review date before finalising the care plan");
    const noKeyWorker = await expectAppError(finaliseCarePlan(gp, plan(patientId, { carePlanId, keyWorkerId: "" })), "VALIDATION");
    expect(noKeyWorker.fieldErrors).toMatchObject({ keyWorkerId: "Name the key worker before finalising the care plan" });

    const after = await t.db.carePlan.findUniqueOrThrow({ where: { id: carePlanId } });
    expect(after).toEqual(before);
    expect(await t.db.auditEvent.count({ where: { patientId, action: "care-plan.finalise" } })).toBe(0);
  });

  it("refuses past dates and undecided recommendations", async () => {
    const patientId = await patientWithTriage();
    const past = await expectAppError(saveCarePlanDraft(gp, plan(patientId, { nextReviewDate: plus(-1) })), "VALIDATION");
    expect(past.fieldErrors).toMatchObject({ nextReviewDate: "The next review date has passed: choose today or a later date" });
    const pastAction = await expectAppError(
      saveCarePlanDraft(gp, plan(patientId, { actions: [{ kind: "MEDICAL", description: "Bloods", who: "Nurse", byWhen: plus(-3) }] })),
      "VALIDATION",
    );
    expect(pastAction.fieldErrors).toMatchObject({ "actions.0.byWhen": "Action 1: the “by when” date has passed" });
    const undecided = await expectAppError(
      finaliseCarePlan(gp, plan(patientId, { recommendations: [{ recommendation: "Guided self-help for low mood (step 2)", accepted: true }] })),
      "VALIDATION",
    );
    expect(undecided.message).toBe("Accept or decline the therapist’s recommendation “Encourage the walking group”");
    const noReason = await expectAppError(
      saveCarePlanDraft(gp, plan(patientId, { recommendations: [{ recommendation: "Encourage the walking group", accepted: false }] })),
      "VALIDATION",
    );
    expect(noReason.message).toBe("Give a reason for declining this recommendation");
    expect(await t.db.carePlan.count({ where: { patientId } })).toBe(0);
  });

  it("refuses a key worker who is not a health buddy, and a review day in the past or before the review date", async () => {
    const patientId = await patientWithTriage();
    const notBuddy = await expectAppError(finaliseCarePlan(gp, plan(patientId, { keyWorkerId: org.staff.reception.id })), "VALIDATION");
    expect(notBuddy.fieldErrors).toMatchObject({ keyWorkerId: "Choose a health buddy of this PCN as the key worker" });
    const early = await expectAppError(finaliseCarePlan(gp, plan(patientId, { reviewClinicDayId: days.ids[1] })), "VALIDATION");
    expect(early.fieldErrors?.reviewClinicDayId).toMatch(/before the next review date/);
  });

  it("finalising locks the plan: a save on the final plan is refused, and the database refuses a change too", async () => {
    const patientId = await patientWithTriage();
    const result = await finaliseCarePlan(gp, plan(patientId, { reviewClinicDayId: days.ids[4] }));
    expect(result).toMatchObject({ version: 1, supersededId: null, reviewClinicDayId: days.ids[4], onReviewList: false });
    const stored = await t.db.carePlan.findUniqueOrThrow({ where: { id: result.carePlanId } });
    expect(stored).toMatchObject({ status: "FINAL", finalisedById: org.staff.gp.id, keyWorkerId: org.staff.buddy.id, authorId: org.staff.gp.id });

    const locked = await expectAppError(
      saveCarePlanDraft(gp, plan(patientId, { carePlanId: result.carePlanId, goals: "Something else" })),
      "CONFLICT",
    );
    expect(locked.message).toMatch(/final and locked.*Revise/);
    await expectAppError(saveCarePlanDraft(gp, plan(patientId, { goals: "Something else" })), "CONFLICT");
    await expect(t.db.carePlan.update({ where: { id: result.carePlanId }, data: { goals: "Edited behind the app's back" } })).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(t.db.carePlan.delete({ where: { id: result.carePlanId } })).rejects.toThrow(/cannot be deleted/);
    expect((await t.db.carePlan.findUniqueOrThrow({ where: { id: result.carePlanId } })).goals).toBe(stored.goals);
  });

  it("revise makes version 2 with a reason; finalising it supersedes version 1, and the history says who changed what", async () => {
    const patientId = await patientWithTriage();
    const v1 = await finaliseCarePlan(gp, plan(patientId));
    await expectAppError(reviseCarePlan(gp, { carePlanId: v1.carePlanId, changeReason: "  " }), "VALIDATION");
    const gp2: ServiceContext = { db: t.db, actor: org.staff.gp2 };
    const v2 = await reviseCarePlan(gp2, { carePlanId: v1.carePlanId, changeReason: "Review: new walking goal" });
    expect(v2.version).toBe(2);
    await expectAppError(reviseCarePlan(gp2, { carePlanId: v1.carePlanId, changeReason: "Again" }), "CONFLICT");
    const draft = await t.db.carePlan.findUniqueOrThrow({ where: { id: v2.carePlanId } });
    expect(draft).toMatchObject({
      status: "DRAFT",
      previousVersionId: v1.carePlanId,
      changeReason: "Review: new walking goal",
      whatMatters: plan(patientId).whatMatters,
    });
    // Until version 2 is final, version 1 stays in force.
    expect((await t.db.carePlan.findUniqueOrThrow({ where: { id: v1.carePlanId } })).status).toBe("FINAL");

    const done = await finaliseCarePlan(
      gp2,
      plan(patientId, { carePlanId: v2.carePlanId, goals: "Walk to the allotment every day", keyWorkerId: org.staff.buddy2.id }),
    );
    expect(done).toMatchObject({ version: 2, supersededId: v1.carePlanId });
    const versions = await t.db.carePlan.findMany({ where: { patientId }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, "SUPERSEDED"],
      [2, "FINAL"],
    ]);

    const history = await getCarePlanHistory(gp, { patientId });
    expect(history.map((h) => [h.version, h.status, h.authorName, h.finalisedByName, h.changeReason])).toEqual([
      [2, "FINAL", "Dr Aisha Begum", "Dr Aisha Begum", "Review: new walking goal"],
      [1, "SUPERSEDED", "Dr James Whitfield", "Dr James Whitfield", null],
    ]);
    expect(history[0].changed).toEqual(["Goals", "Key worker"]);
    expect(history[1].changed).toEqual(
      expect.arrayContaining(["What matters", "Goals", "Actions", "Therapist’s recommendations", "Key worker", "Next review date"]),
    );
    await expectAppError(reviseCarePlan(gp, { carePlanId: v1.carePlanId, changeReason: "From the old one" }), "CONFLICT");
  });

  it("a second draft for the same patient is refused by the database, also when two GPs start one at once", async () => {
    const patientId = await patientWithTriage();
    const { carePlanId } = await saveCarePlanDraft(gp, plan(patientId));
    await expect(t.db.carePlan.create({ data: { patientId, version: 1, status: "DRAFT", authorId: org.staff.gp2.id } })).rejects.toThrow(
      /Unique constraint|CarePlan_one_draft_per_patient/,
    );

    const other = await patientWithTriage();
    const gp2: ServiceContext = { db: t.db, actor: org.staff.gp2 };
    const results = await Promise.allSettled([saveCarePlanDraft(gp, plan(other)), saveCarePlanDraft(gp2, plan(other))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.carePlan.count({ where: { patientId: other } })).toBe(1);
    expect(carePlanId).toBeTruthy();
  });
});

describe("the patient's printed copy", () => {
  it("carries the catalogue for the language on their record, and is easy read by default for a learning disability, either on request", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "catalogues-"));
    writeFileSync(path.join(folder, `${PSEUDO_LOCALE}.json`), JSON.stringify(pseudoCatalogueFile(["carePlan.title"])));
    const before = process.env.MESSAGE_CATALOGUE_DIR;
    process.env.MESSAGE_CATALOGUE_DIR = folder;
    try {
      const patientId = await patientWithTriage();
      await finaliseCarePlan(gp, plan(patientId));
      await t.db.patient.update({
        where: { id: patientId },
        data: { preferredLanguage: PSEUDO_LOCALE, longTermConditions: ["DIABETES", "LEARNING_DISABILITY"] },
      });
      const { copy, patient } = await getCarePlan(gp, { patientId });
      expect(patient).toMatchObject({ preferredLanguage: PSEUDO_LOCALE, learningDisability: true });
      expect(copy).toMatchObject({ choice: { kind: "catalogue", locale: PSEUDO_LOCALE }, easyRead: true });
      const t8r = translator(copy.choice, copy.catalogue);
      expect(t8r.text("easyRead.title")).toBe("⟦Ṁý çåŕé þļåñ⟧");
      expect(t8r.text("carePlan.title")).toBe("Your care and support plan");
      expect(t8r.staffNotes()).toEqual([`Shown in English: no ${PSEUDO_LOCALE} translation for the care plan copy's title.`]);
      expect((await getCarePlan(gp, { patientId, format: "standard" })).copy.easyRead).toBe(false);

      await t.db.patient.update({ where: { id: patientId }, data: { preferredLanguage: "Polish", longTermConditions: ["DIABETES"] } });
      const polish = await getCarePlan(gp, { patientId });
      expect(polish.copy).toMatchObject({ choice: { kind: "no-catalogue", locale: "en-GB" }, catalogue: null, easyRead: false });
      expect((await getCarePlan(gp, { patientId, format: "easy-read" })).copy.easyRead).toBe(true);
      await expectAppError(getCarePlan(gp, { patientId, format: "large" }), "VALIDATION");
    } finally {
      if (before === undefined) delete process.env.MESSAGE_CATALOGUE_DIR;
      else process.env.MESSAGE_CATALOGUE_DIR = before;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("who may read a care plan", () => {
  it("reception is refused; clinicians read it; the key worker reads only their own patient's", async () => {
    const patientId = await patientWithTriage();
    await finaliseCarePlan(gp, plan(patientId));
    await expectAppError(getCarePlan(reception, { patientId }), "FORBIDDEN");
    await expectAppError(getCarePlanHistory(reception, { patientId }), "FORBIDDEN");
    await expectAppError(getPatientSummary(reception, { patientId }), "FORBIDDEN");
    await expectAppError(saveCarePlanDraft(reception, plan(patientId)), "FORBIDDEN");
    await expectAppError(finaliseCarePlan(therapist, plan(patientId)), "FORBIDDEN");

    expect((await getCarePlan(therapist, { patientId })).plan.status).toBe("FINAL");
    expect((await getCarePlan(buddy, { patientId })).plan.keyWorkerName).toBe("Priya Shah");
    await expectAppError(getCarePlan(buddy2, { patientId }), "NOT_FOUND");
    await expectAppError(getCarePlanHistory(buddy2, { patientId }), "NOT_FOUND");
  });

  it("the GP’s summary has the triage outcome, its risks and recommendations, and the plan; every read and write is audited", async () => {
    const patient = await createPatient(reception, demoPatientInput(seq++, org.practiceIds));
    await createTriageOutcome(t.db, {
      patientId: patient.id,
      clinicDayId: days.ids[5],
      recordedById: org.staff.therapist.id,
      riskToSelf: true,
      recommendations: ["Step 3 CBT"],
    });
    const summary = await getPatientSummary(gp, { patientId: patient.id });
    expect(summary.triage).toMatchObject({
      outcome: "REFER",
      pathway: "STEP_2",
      recordedByName: "Maria Costa",
      recommendations: ["Step 3 CBT"],
      risk: { toSelf: true, actionTaken: "Safety plan agreed; crisis line number given" },
    });
    expect(summary.editor.recommendations).toEqual([{ recommendation: "Step 3 CBT", accepted: null, reason: null }]);
    expect(summary.editor.keyWorkers.map((k) => k.name)).toEqual(["Priya Shah", "Tom Fletcher"]);
    expect(summary.editor.reviewDays.map((d) => d.id)).toEqual(days.ids);
    expect(summary.carePlan).toEqual({ final: null, draft: null });

    const input = plan(patient.id, { recommendations: [{ recommendation: "Step 3 CBT", accepted: true }] });
    const { carePlanId } = await saveCarePlanDraft(gp, input);
    await finaliseCarePlan(gp, { ...input, carePlanId });
    await getCarePlan(gp, { patientId: patient.id });
    await getCarePlanHistory(gp, { patientId: patient.id });
    const events = await t.db.auditEvent.findMany({
      where: { patientId: patient.id },
      orderBy: { id: "asc" },
      select: { action: true, actorId: true },
    });
    expect(events.map((e) => e.action)).toEqual([
      "patient.create",
      "patient-summary.view",
      "care-plan.save-draft",
      "care-plan.finalise",
      "care-plan.view",
      "care-plan.history.view",
    ]);
  });
});

describe("reviews due", () => {
  it("lists reviews booked into the day and review-list plans due by it; checking in marks the review as happened", async () => {
    const booked = await patientWithTriage();
    const listed = await patientWithTriage();
    const later = await patientWithTriage();
    await finaliseCarePlan(gp, plan(booked, { nextReviewDate: days.dates[3], reviewClinicDayId: days.ids[3] }));
    await finaliseCarePlan(gp, plan(listed, { nextReviewDate: days.dates[2] }));
    await finaliseCarePlan(gp, plan(later, { nextReviewDate: days.dates[5] }));

    const onDay2 = await listReviewsDue(reception, { clinicDayId: days.ids[2] });
    expect(onDay2.filter((r) => [booked, listed, later].includes(r.patientId)).map((r) => [r.patientId, r.source])).toEqual([
      [listed, "review-list"],
    ]);
    const onDay3 = (await listReviewsDue(reception, { clinicDayId: days.ids[3] })).filter((r) => [booked, listed, later].includes(r.patientId));
    expect(onDay3.map((r) => [r.patientId, r.source, r.appointment])).toEqual([
      [listed, "review-list", null],
      [booked, "booked", null],
    ]);
    expect(onDay3[0]).not.toHaveProperty("whatMatters");
    await expectAppError(listReviewsDue(buddy, { clinicDayId: days.ids[3] }), "FORBIDDEN");
    expect(await t.db.auditEvent.count({ where: { action: "reviews-due.view", patientId: booked, actorId: org.staff.reception.id } })).toBe(1);

    // Reception books the listed patient into day 3 and checks them in on the day: the review has happened.
    const slot = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: days.ids[3], kind: "WRAP_AROUND" } },
      orderBy: { startsAt: "asc" },
    });
    const { id: appointmentId } = await bookAppointment(reception, { slotId: slot.id, patientId: listed });
    const onTheDay = { now: londonWallTimeToInstant(days.dates[3], "09:00") };
    await checkIn(reception, { appointmentId }, onTheDay);
    const reviewed = await t.db.carePlan.findFirstOrThrow({ where: { patientId: listed, status: "FINAL" } });
    expect(reviewed.reviewedAt).toEqual(onTheDay.now);
    const afterCheckIn = (await listReviewsDue(reception, { clinicDayId: days.ids[3] })).filter((r) => r.patientId === listed);
    expect(afterCheckIn).toEqual([]);
    // A mistaken check-in undone: the review is due again.
    await undoArrival(reception, { appointmentId, reason: "Wrong patient checked in" });
    expect((await t.db.carePlan.findFirstOrThrow({ where: { patientId: listed, status: "FINAL" } })).reviewedAt).toBeNull();
    const again = (await listReviewsDue(reception, { clinicDayId: days.ids[3] })).filter((r) => r.patientId === listed);
    expect(again.map((r) => r.appointment)).toEqual([{ time: "09:00", status: "BOOKED" }]);
  });
});
