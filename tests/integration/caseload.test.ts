import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import type { ServiceContext } from "@/lib/db/context";
import { createPatient } from "@/lib/services/patients/create-patient";
import { finaliseCarePlan } from "@/lib/services/care-plans/finalise-care-plan";
import { getCaseload } from "@/lib/services/key-workers/get-caseload";
import { getCaseloadPatient } from "@/lib/services/key-workers/get-caseload-patient";
import { recordFollowUpContact } from "@/lib/services/key-workers/record-follow-up-contact";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let gp: ServiceContext;
let buddy: ServiceContext;
let buddy2: ServiceContext;
let mine: string;
let theirs: string;

const today = londonToday();
const plus = (n: number) =>
  addDays(new Date(`${today}T12:00:00Z`), n)
    .toISOString()
    .slice(0, 10);
const on = (date: string, time = "12:00") => ({ now: londonWallTimeToInstant(date, time) });

async function patientWithPlan(keyWorkerId: string, seq: number, nextReviewDate = plus(56)) {
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq, org.practiceIds));
  await finaliseCarePlan(gp, {
    patientId: patient.id,
    whatMatters: "Staying in my own home",
    goals: "Manage the stairs without help",
    actions: [],
    recommendations: [],
    keyWorkerId,
    nextReviewDate,
  });
  return patient.id;
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  gp = { db: t.db, actor: org.staff.gp };
  buddy = { db: t.db, actor: org.staff.buddy };
  buddy2 = { db: t.db, actor: org.staff.buddy2 };
  mine = await patientWithPlan(org.staff.buddy.id, 0);
  theirs = await patientWithPlan(org.staff.buddy2.id, 1);
});

describe("the key worker's caseload", () => {
  it("lists only the key worker's own patients, with the first contact due two weeks after the plan", async () => {
    const caseload = await getCaseload(buddy);
    expect(caseload.map((e) => e.patientId)).toEqual([mine]);
    expect(caseload[0]).toMatchObject({
      nextReviewDate: plus(56),
      reviewed: false,
      lastContactOn: null,
      followUp: { state: "due", due: plus(14), overdue: false },
    });
    expect((await getCaseload(buddy2)).map((e) => e.patientId)).toEqual([theirs]);
    expect(await t.db.auditEvent.count({ where: { action: "caseload.view", actorId: org.staff.buddy.id, patientId: mine } })).toBe(1);
  });

  it("highlights an overdue contact once its date has passed", async () => {
    const [entry] = await getCaseload(buddy, on(plus(17)));
    expect(entry.followUp).toMatchObject({ due: plus(14), overdue: true, daysOverdue: 3 });
  });

  it("refuses another key worker's patient by record, for reading and for logging a contact (the id changed)", async () => {
    const before = await t.db.followUpContact.count();
    await expectAppError(getCaseloadPatient(buddy, { patientId: theirs }), "NOT_FOUND");
    const refused = await expectAppError(
      recordFollowUpContact(buddy, { patientId: theirs, method: "PHONE", contactedAt: today, contactedTime: "00:00", nextContactDue: plus(7) }),
      "NOT_FOUND",
    );
    expect(refused.message).toBe("That patient is not on your caseload");
    expect(await t.db.followUpContact.count()).toBe(before);
    await expectAppError(recordFollowUpContact(gp, { patientId: mine, method: "PHONE", contactedAt: today, contactedTime: "00:00" }), "FORBIDDEN");
    await expectAppError(getCaseload(gp), "FORBIDDEN");
  });

  it("logs a contact, which sets the next contact due; past and future dates are refused with clear messages", async () => {
    const future = await expectAppError(
      recordFollowUpContact(buddy, { patientId: mine, method: "PHONE", contactedAt: plus(1), contactedTime: "10:00" }),
      "VALIDATION",
    );
    expect(future.message).toBe("The contact date is in the future: record a contact once it has happened");
    const pastNext = await expectAppError(
      recordFollowUpContact(buddy, { patientId: mine, method: "PHONE", contactedAt: today, contactedTime: "00:00", nextContactDue: plus(-1) }),
      "VALIDATION",
    );
    expect(pastNext.fieldErrors).toMatchObject({ nextContactDue: "The next contact date has passed: choose today or a later date" });
    const beforePlan = await expectAppError(
      recordFollowUpContact(buddy, { patientId: mine, method: "PHONE", contactedAt: plus(-2), contactedTime: "10:00" }),
      "VALIDATION",
    );
    expect(beforePlan.message).toBe("The contact date is before the care plan was finalised");
    await expectAppError(
      recordFollowUpContact(buddy, { patientId: mine, method: "CARRIER_PIGEON", contactedAt: today, contactedTime: "10:00" }),
      "VALIDATION",
    );

    const { id } = await recordFollowUpContact(
      buddy,
      {
        patientId: mine,
        method: "VISIT",
        notes: "Home visit: managing stairs with the rail",
        contactedAt: plus(3),
        contactedTime: "11:30",
        nextContactDue: plus(24),
      },
      on(plus(3), "12:00"),
    );
    const stored = await t.db.followUpContact.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ keyWorkerId: org.staff.buddy.id, recordedById: org.staff.buddy.id, method: "VISIT" });
    expect(stored.contactedAt).toEqual(londonWallTimeToInstant(plus(3), "11:30"));

    const [entry] = await getCaseload(buddy, on(plus(20)));
    expect(entry).toMatchObject({ lastContactOn: plus(3), followUp: { due: plus(24), overdue: false } });
    const detail = await getCaseloadPatient(buddy, { patientId: mine }, on(plus(25)));
    expect(detail.followUp).toMatchObject({ due: plus(24), overdue: true });
    expect(detail.contacts.map((c) => [c.method, c.notes, c.keyWorkerName])).toEqual([
      ["VISIT", "Home visit: managing stairs with the rail", "Priya Shah"],
    ]);

    const audit = await t.db.auditEvent.findMany({
      where: { patientId: mine, action: { in: ["follow-up.record", "caseload.patient.view"] } },
      select: { action: true, details: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["follow-up.record", "caseload.patient.view"]);
    // The audit names the method and date, never the notes.
    expect(JSON.stringify(audit[0].details)).not.toContain("stairs");
  });

  it("stops contacts once the review date is reached and the review happened", async () => {
    const reviewed = await patientWithPlan(org.staff.buddy.id, 2, plus(7));
    await t.db.carePlan.updateMany({
      where: { patientId: reviewed, status: "FINAL" },
      data: { reviewedAt: londonWallTimeToInstant(plus(7), "09:00") },
    });
    const caseload = await getCaseload(buddy, on(plus(8)));
    expect(caseload.map((e) => e.patientId)).toEqual([mine, reviewed]);
    expect(caseload[1].followUp.state).toBe("done");
  });
});
