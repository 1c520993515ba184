/**
 * Nobody without a key worker (issue 11, finding 7): a key worker with
 * patients cannot simply be deactivated; the clinic lead hands the patients to
 * someone else first, in one transaction that keeps who was key worker when;
 * and the lead's caseload overview shows every patient with a final plan,
 * overdue contacts and anyone whose key worker has left.
 */
import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { resolveSession, signIn } from "@/lib/auth/sessions";
import type { Role } from "@/lib/db/generated/enums";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import type { Actor, ServiceContext } from "@/lib/db/context";
import { createPatient } from "@/lib/services/patients/create-patient";
import { deactivateWithHandover } from "@/lib/services/staff/deactivate-with-handover";
import { finaliseCarePlan } from "@/lib/services/care-plans/finalise-care-plan";
import { getCaseload } from "@/lib/services/key-workers/get-caseload";
import { getCaseloadPatient } from "@/lib/services/key-workers/get-caseload-patient";
import { getCaseloadOverview } from "@/lib/services/key-workers/get-caseload-overview";
import { getKeyWorkerHistory } from "@/lib/services/key-workers/get-key-worker-history";
import { getStaffHandover } from "@/lib/services/staff/get-staff-handover";
import { handOverKeyWorker } from "@/lib/services/key-workers/hand-over-key-worker";
import { listStaff } from "@/lib/services/staff/list-staff";
import { recordFollowUpContact } from "@/lib/services/key-workers/record-follow-up-contact";
import { saveCarePlanDraft } from "@/lib/services/care-plans/save-care-plan-draft";
import { setStaffActive } from "@/lib/services/staff/set-staff-active";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, DEMO_PASSWORD, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let lead: ServiceContext;
let gp: ServiceContext;
let seq = 0;

const today = londonToday();
const plus = (n: number) =>
  addDays(new Date(`${today}T12:00:00Z`), n)
    .toISOString()
    .slice(0, 10);
const on = (date: string, time = "12:00") => ({ now: londonWallTimeToInstant(date, time) });
const as = (actor: Actor): ServiceContext => ({ db: t.db, actor });

/** A member of staff of `org` made for one test, so tests do not share caseloads. */
async function staffMember(name: string, roles: Role[] = ["HEALTH_BUDDY"], of: Organisation = org): Promise<Actor> {
  const email = `${name.toLowerCase().replaceAll(" ", ".")}.${seq++}@example.nhs.uk`;
  const user = await t.db.staffUser.create({ data: { name, email, roles, pcnId: of.pcnId } });
  return { id: user.id, name, email, roles, pcnId: of.pcnId };
}

function planInput(patientId: string, keyWorkerId: string) {
  return {
    patientId,
    whatMatters: "Staying in my own home",
    goals: "Manage the stairs without help",
    actions: [],
    recommendations: [],
    keyWorkerId,
    nextReviewDate: plus(56),
  };
}

/** A new patient of `org` whose final care plan names `keyWorkerId`. */
async function patientWithPlan(keyWorkerId: string): Promise<{ id: string; name: string }> {
  const input = demoPatientInput(seq++, org.practiceIds);
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, input);
  await finaliseCarePlan(gp, planInput(patient.id, keyWorkerId));
  return { id: patient.id, name: `${input.givenName} ${input.familyName}` };
}

/** A new patient with only a draft care plan (the GP has not finalised it yet) naming `keyWorkerId`. */
async function patientWithDraft(keyWorkerId: string): Promise<{ id: string; name: string }> {
  const input = demoPatientInput(seq++, org.practiceIds);
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, input);
  await saveCarePlanDraft(gp, planInput(patient.id, keyWorkerId));
  return { id: patient.id, name: `${input.givenName} ${input.familyName}` };
}

/** Everything a handover or a deactivation could change, to show a refusal changed nothing. */
async function snapshot() {
  const [plans, handovers, staff, sessions, contacts] = await Promise.all([
    t.db.carePlan.findMany({ orderBy: { id: "asc" } }),
    t.db.keyWorkerHandover.count(),
    t.db.staffUser.findMany({ orderBy: { id: "asc" }, select: { id: true, active: true, sessionVersion: true } }),
    t.db.authSession.findMany({ orderBy: { id: "asc" }, select: { id: true, endedAt: true } }),
    t.db.followUpContact.count(),
  ]);
  return { plans, handovers, staff, sessions, contacts };
}

/** Someone who left before the handover check existed: deactivated straight in the database, past its trigger. */
async function deactivateAsLegacyData(staffId: string) {
  await t.db.$transaction([
    t.db.$executeRawUnsafe(`ALTER TABLE "StaffUser" DISABLE TRIGGER "StaffUser_key_worker_deactivation"`),
    t.db.staffUser.update({ where: { id: staffId }, data: { active: false } }),
    t.db.$executeRawUnsafe(`ALTER TABLE "StaffUser" ENABLE TRIGGER "StaffUser_key_worker_deactivation"`),
  ]);
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  lead = as(org.staff.lead);
  gp = as(org.staff.gp);
});

describe("deactivating a key worker who has patients", () => {
  it("is refused, naming the patients (final plans and drafts), and changes nothing", async () => {
    const leaving = await staffMember("Tom Baxter");
    const p1 = await patientWithPlan(leaving.id);
    const p2 = await patientWithPlan(leaving.id);
    const p3 = await patientWithDraft(leaving.id);
    const names = [p1.name, p2.name, p3.name].sort((a, b) => a.localeCompare(b));
    await t.db.staffUser.update({ where: { id: leaving.id }, data: { passwordHash: await hashPassword(DEMO_PASSWORD, 10) } });
    const session = await signIn(t.db, { email: leaving.email, password: DEMO_PASSWORD });
    if (!session.ok) throw new Error("sign-in failed");
    expect((await listStaff(lead)).find((s) => s.id === leaving.id)).toMatchObject({ active: true, keyWorkerPatients: 3 });

    const before = await snapshot();
    const refused = await expectAppError(setStaffActive(lead, { staffId: leaving.id, active: false }), "CONFLICT");
    expect(refused.message).toBe(
      `Tom Baxter is key worker to 3 patients: ${names[0]}, ${names[1]} and ${names[2]}. Hand each of them to another key worker before deactivating the account.`,
    );
    expect(refused.details).toMatchObject({ handover: `/lead/staff/${leaving.id}/hand-over` });
    expect(await snapshot()).toEqual(before);
    expect((await resolveSession(t.db, session.sessionId)).ok).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "staff.deactivate", entityId: leaving.id } })).toBe(0);
    // The lead was shown the patients' names: audited as a view of each.
    const shown = await t.db.auditEvent.findMany({ where: { action: "staff.deactivate-refused", entityId: leaving.id } });
    expect(shown.map((e) => e.patientId).sort()).toEqual([p1.id, p2.id, p3.id].sort());
    expect(shown.every((e) => e.outcome === "DENIED" && e.actorId === org.staff.lead.id)).toBe(true);
  });

  it("is refused by the database too, whoever asks", async () => {
    const leaving = await staffMember("Ruth Carver");
    await patientWithPlan(leaving.id);
    await expect(t.db.staffUser.update({ where: { id: leaving.id }, data: { active: false } })).rejects.toThrow(
      /hand them to another key worker before deactivating/,
    );
    expect((await t.db.staffUser.findUniqueOrThrow({ where: { id: leaving.id } })).active).toBe(true);
  });

  it("goes ahead as before for someone who is nobody's key worker (any more: a handed-over plan does not count)", async () => {
    const free = await staffMember("Ola Nwosu");
    const other = await staffMember("Jon Pike");
    const patient = await patientWithPlan(free.id);
    await handOverKeyWorker(lead, { patientId: patient.id, toKeyWorkerId: other.id, reason: "Rebalancing caseloads" });
    await setStaffActive(lead, { staffId: free.id, active: false });
    expect((await t.db.staffUser.findUniqueOrThrow({ where: { id: free.id } })).active).toBe(false);
    expect(await t.db.auditEvent.count({ where: { action: "staff.deactivate", entityId: free.id } })).toBe(1);
  });
});

describe("a care plan saved naming someone at the moment they are deactivated", () => {
  it("never leaves both stored: either the deactivation is refused or the plan is", async () => {
    for (let round = 0; round < 6; round++) {
      const buddy = await staffMember(`Race Buddy ${round}`);
      const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
      const [deactivation, plan] = await Promise.allSettled([
        setStaffActive(lead, { staffId: buddy.id, active: false }),
        finaliseCarePlan(gp, planInput(patient.id, buddy.id)),
      ]);
      const inactive = !(await t.db.staffUser.findUniqueOrThrow({ where: { id: buddy.id } })).active;
      const named = await t.db.carePlan.count({ where: { keyWorkerId: buddy.id, status: "FINAL" } });
      expect(inactive && named > 0, `round ${round}`).toBe(false);
      expect([deactivation.status, plan.status]).toContain("fulfilled");
      for (const outcome of [deactivation, plan]) {
        if (outcome.status === "rejected") expect((outcome.reason as { code?: string }).code, `round ${round}`).toMatch(/^(CONFLICT|VALIDATION)$/);
      }
    }
  });
});

describe("handing a leaver's patients over and deactivating them in one go", () => {
  it("moves every plan to the new key worker, keeps who was key worker before, by whom, when and why, audits it and deactivates", async () => {
    const leaving = await staffMember("Mel Archer");
    const newcomer = await staffMember("Nia Roberts");
    const other = await staffMember("Sol Patel");
    const p1 = await patientWithPlan(leaving.id);
    const p2 = await patientWithPlan(leaving.id);
    const p3 = await patientWithDraft(leaving.id);
    const untouched = await patientWithPlan(other.id);
    const finalBefore = await t.db.carePlan.findFirstOrThrow({ where: { patientId: p1.id, status: "FINAL" } });
    const started = new Date();

    const staffPage = await getStaffHandover(lead, { staffId: leaving.id });
    expect(staffPage.patients.map((p) => [p.patientId, p.hasFinal, p.hasDraft]).sort()).toEqual(
      [
        [p1.id, true, false],
        [p2.id, true, false],
        [p3.id, false, true],
      ].sort(),
    );
    expect(staffPage.keyWorkers.some((k) => k.id === leaving.id)).toBe(false);

    const outcome = await deactivateWithHandover(lead, {
      staffId: leaving.id,
      toKeyWorkerId: newcomer.id,
      assignments: [{ patientId: p2.id, toKeyWorkerId: other.id }],
      reason: "  Leaving the PCN at the end of the month ",
    });
    expect(outcome.deactivated).toBe(true);
    expect(outcome.patients.map((p) => [p.patientId, p.toKeyWorkerName]).sort()).toEqual(
      [
        [p1.id, "Nia Roberts"],
        [p2.id, "Sol Patel"],
        [p3.id, "Nia Roberts"],
      ].sort(),
    );

    // Every current plan names the new key worker; the final plan's content and finalisation are as they were.
    const finalAfter = await t.db.carePlan.findFirstOrThrow({ where: { patientId: p1.id, status: "FINAL" } });
    expect(finalAfter).toMatchObject({ ...finalBefore, keyWorkerId: newcomer.id, updatedAt: finalAfter.updatedAt });
    expect((await t.db.carePlan.findFirstOrThrow({ where: { patientId: p2.id, status: "FINAL" } })).keyWorkerId).toBe(other.id);
    expect((await t.db.carePlan.findFirstOrThrow({ where: { patientId: p3.id, status: "DRAFT" } })).keyWorkerId).toBe(newcomer.id);
    expect((await t.db.carePlan.findFirstOrThrow({ where: { patientId: untouched.id } })).keyWorkerId).toBe(other.id);
    expect(await t.db.carePlan.count({ where: { keyWorkerId: leaving.id, status: { in: ["FINAL", "DRAFT"] } } })).toBe(0);

    // History: one row per plan, from the leaver, by the lead, when, why.
    const handovers = await t.db.keyWorkerHandover.findMany({
      where: { fromKeyWorkerId: leaving.id },
      include: { carePlan: { select: { patientId: true, status: true } } },
    });
    expect(handovers).toHaveLength(3);
    for (const h of handovers) {
      expect(h).toMatchObject({ handedOverById: org.staff.lead.id, reason: "Leaving the PCN at the end of the month", onDeactivation: true });
      expect(h.handedOverAt.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    }
    expect(handovers.map((h) => [h.carePlan.patientId, h.carePlan.status, h.toKeyWorkerId]).sort()).toEqual(
      [
        [p1.id, "FINAL", newcomer.id],
        [p2.id, "FINAL", other.id],
        [p3.id, "DRAFT", newcomer.id],
      ].sort(),
    );
    const history = await getKeyWorkerHistory(lead, { patientId: p1.id });
    expect(history.plan!.spells.map((s) => [s.keyWorker.name, s.keyWorker.active, s.reason])).toEqual([
      ["Mel Archer", false, null],
      ["Nia Roberts", true, "Leaving the PCN at the end of the month"],
    ]);
    expect(history.plan!.spells[0].until).toEqual(handovers.find((h) => h.carePlan.patientId === p1.id)!.handedOverAt);
    expect(history.handovers).toEqual([
      expect.objectContaining({ from: "Mel Archer", to: "Nia Roberts", by: org.staff.lead.name, onDeactivation: true }),
    ]);

    // Audited per patient, and the deactivation itself.
    const audits = await t.db.auditEvent.findMany({
      where: { action: "key-worker.handover", actorId: org.staff.lead.id, patientId: { in: [p1.id, p2.id, p3.id] } },
    });
    expect(audits).toHaveLength(3);
    expect(audits.find((a) => a.patientId === p2.id)?.details).toMatchObject({
      from: leaving.id,
      to: other.id,
      reason: "Leaving the PCN at the end of the month",
      onDeactivation: true,
    });
    const deactivation = await t.db.auditEvent.findFirstOrThrow({ where: { action: "staff.deactivate", entityId: leaving.id } });
    expect(deactivation.details).toEqual({ handedOver: 3 });
    expect((await t.db.staffUser.findUniqueOrThrow({ where: { id: leaving.id } })).active).toBe(false);

    // The new key worker has them and can log contacts; the old one has none and cannot.
    expect((await getCaseload(as(newcomer))).map((e) => e.patientId)).toEqual([p1.id]);
    expect((await getCaseload(as(other))).map((e) => e.patientId).sort()).toEqual([p2.id, untouched.id].sort());
    expect(await getCaseload(as(leaving))).toEqual([]);
    await expectAppError(getCaseloadPatient(as(leaving), { patientId: p1.id }), "NOT_FOUND");
    await expectAppError(
      recordFollowUpContact(as(leaving), { patientId: p1.id, method: "PHONE", contactedAt: today, contactedTime: "00:00" }),
      "NOT_FOUND",
    );
    await recordFollowUpContact(as(newcomer), {
      patientId: p1.id,
      method: "PHONE",
      contactedAt: today,
      contactedTime: "00:00",
      nextContactDue: plus(14),
    });
    expect((await getCaseloadPatient(as(newcomer), { patientId: p1.id })).contacts.map((c) => c.keyWorkerName)).toEqual(["Nia Roberts"]);

    // The draft handed over finalises with its new key worker; with the leaver it is refused.
    const refused = await expectAppError(
      finaliseCarePlan(gp, {
        ...planInput(p3.id, leaving.id),
        carePlanId: (await t.db.carePlan.findFirstOrThrow({ where: { patientId: p3.id } })).id,
      }),
      "VALIDATION",
    );
    expect(refused.fieldErrors).toEqual({ keyWorkerId: "Choose a health buddy of this PCN as the key worker" });
    const draftId = (await t.db.carePlan.findFirstOrThrow({ where: { patientId: p3.id } })).id;
    await finaliseCarePlan(gp, { ...planInput(p3.id, newcomer.id), carePlanId: draftId });
    expect((await getCaseload(as(newcomer))).map((e) => e.patientId).sort()).toEqual([p1.id, p3.id].sort());
  });

  it("refuses a new key worker who is inactive, not a health buddy, of another PCN or the leaver, and changes nothing", async () => {
    const leaving = await staffMember("Kay Doyle");
    const inactive = await staffMember("Lee Grant");
    await setStaffActive(lead, { staffId: inactive.id, active: false });
    const other = await createOrganisation(t.db, { suffix: "kw2", name: "Other PCN" });
    const mine = await patientWithPlan(leaving.id);
    const before = await snapshot();
    const attempts: Array<[string, Record<string, unknown>]> = [
      ["inactive", { toKeyWorkerId: inactive.id }],
      ["not a health buddy", { toKeyWorkerId: org.staff.gp.id }],
      ["another PCN's buddy", { toKeyWorkerId: other.staff.buddy.id }],
      ["the leaver", { toKeyWorkerId: leaving.id }],
      ["no one chosen", {}],
      [
        "a per-patient choice that is inactive",
        { toKeyWorkerId: org.staff.buddy.id, assignments: [{ patientId: mine.id, toKeyWorkerId: inactive.id }] },
      ],
    ];
    for (const [label, choice] of attempts) {
      const refused = await expectAppError(deactivateWithHandover(lead, { staffId: leaving.id, reason: "Leaving", ...choice }), "VALIDATION");
      expect(refused.message, label).toMatch(
        /^(Choose an active health buddy of this PCN, other than the person leaving, as the new key worker|Choose the new key worker for |For .*, choose an active health buddy)/,
      );
    }
    await expectAppError(deactivateWithHandover(lead, { staffId: leaving.id, toKeyWorkerId: org.staff.buddy.id, reason: " " }), "VALIDATION");
    await expectAppError(handOverKeyWorker(lead, { patientId: mine.id, toKeyWorkerId: inactive.id, reason: "Cover" }), "VALIDATION");
    await expectAppError(handOverKeyWorker(lead, { patientId: mine.id, toKeyWorkerId: other.staff.buddy.id, reason: "Cover" }), "VALIDATION");
    const same = await expectAppError(handOverKeyWorker(lead, { patientId: mine.id, toKeyWorkerId: leaving.id, reason: "Cover" }), "VALIDATION");
    expect(same.message).toBe("Kay Doyle is already this patient’s key worker: choose someone else");
    await expectAppError(
      deactivateWithHandover(lead, { staffId: org.staff.lead.id, toKeyWorkerId: org.staff.buddy.id, reason: "Leaving" }),
      "VALIDATION",
    );
    expect(await snapshot()).toEqual(before);

    // Another PCN's lead finds neither the person nor the patient.
    const otherLead = as(other.staff.lead);
    await expectAppError(
      deactivateWithHandover(otherLead, { staffId: leaving.id, toKeyWorkerId: other.staff.buddy.id, reason: "Leaving" }),
      "NOT_FOUND",
    );
    await expectAppError(handOverKeyWorker(otherLead, { patientId: mine.id, toKeyWorkerId: other.staff.buddy.id, reason: "Cover" }), "NOT_FOUND");
    await expectAppError(getStaffHandover(otherLead, { staffId: leaving.id }), "NOT_FOUND");
    await expectAppError(getKeyWorkerHistory(otherLead, { patientId: mine.id }), "NOT_FOUND");
    expect((await getCaseloadOverview(otherLead)).entries.some((e) => e.patientId === mine.id)).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it("is for the clinic lead only", async () => {
    const leaving = await staffMember("Ash Moran");
    const mine = await patientWithPlan(leaving.id);
    const before = await snapshot();
    for (const who of ["reception", "buddy", "gp", "therapist"] as const) {
      const ctx = as(org.staff[who]);
      await expectAppError(deactivateWithHandover(ctx, { staffId: leaving.id, toKeyWorkerId: org.staff.buddy.id, reason: "Leaving" }), "FORBIDDEN");
      await expectAppError(handOverKeyWorker(ctx, { patientId: mine.id, toKeyWorkerId: org.staff.buddy.id, reason: "Cover" }), "FORBIDDEN");
      await expectAppError(getCaseloadOverview(ctx), "FORBIDDEN");
      await expectAppError(getKeyWorkerHistory(ctx, { patientId: mine.id }), "FORBIDDEN");
      await expectAppError(getStaffHandover(ctx, { staffId: leaving.id }), "FORBIDDEN");
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("the database keeps who was key worker when", () => {
  it("refuses to change a final plan's key worker without a handover row written in the same transaction", async () => {
    const first = await staffMember("Pat Quill");
    const second = await staffMember("Rae Stone");
    const patient = await patientWithPlan(first.id);
    const plan = await t.db.carePlan.findFirstOrThrow({ where: { patientId: patient.id, status: "FINAL" } });
    await expect(t.db.carePlan.update({ where: { id: plan.id }, data: { keyWorkerId: second.id } })).rejects.toThrow(
      /key worker changes only by a recorded handover/,
    );
    // A handover row from an earlier transaction does not open the lock again.
    await t.db.keyWorkerHandover.create({
      data: { carePlanId: plan.id, fromKeyWorkerId: first.id, toKeyWorkerId: second.id, handedOverById: org.staff.lead.id, reason: "Written apart" },
    });
    await expect(t.db.carePlan.update({ where: { id: plan.id }, data: { keyWorkerId: second.id } })).rejects.toThrow(
      /key worker changes only by a recorded handover/,
    );
    // Nor does a row for another change, nor does it let anything else change with it.
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.keyWorkerHandover.create({
          data: { carePlanId: plan.id, fromKeyWorkerId: first.id, toKeyWorkerId: second.id, handedOverById: org.staff.lead.id, reason: "Cover" },
        });
        await tx.carePlan.update({ where: { id: plan.id }, data: { keyWorkerId: second.id, goals: "Changed behind the GP's back" } });
      }),
    ).rejects.toThrow(/cannot be changed: revise it as a new version/);
    expect((await t.db.carePlan.findUniqueOrThrow({ where: { id: plan.id } })).keyWorkerId).toBe(first.id);
    const row = await t.db.keyWorkerHandover.findFirstOrThrow({ where: { carePlanId: plan.id } });
    await expect(t.db.keyWorkerHandover.update({ where: { id: row.id }, data: { reason: "Rewritten" } })).rejects.toThrow(/append-only/);
    await expect(t.db.keyWorkerHandover.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(
      t.db.keyWorkerHandover.create({
        data: { carePlanId: plan.id, fromKeyWorkerId: first.id, toKeyWorkerId: first.id, handedOverById: org.staff.lead.id, reason: "Self" },
      }),
    ).rejects.toThrow();
  });

  it("a patient handed over twice shows each key worker with when and why", async () => {
    const a = await staffMember("Ann Ames");
    const b = await staffMember("Ben Bell");
    const c = await staffMember("Cat Cole");
    const patient = await patientWithPlan(a.id);
    const first = await handOverKeyWorker(lead, { patientId: patient.id, toKeyWorkerId: b.id, reason: "Ann is on long-term leave" });
    expect(first).toEqual({ patientName: patient.name, fromKeyWorkerName: "Ann Ames", toKeyWorkerName: "Ben Bell" });
    await handOverKeyWorker(lead, { patientId: patient.id, toKeyWorkerId: c.id, reason: "Closer to the patient's home" });
    const history = await getKeyWorkerHistory(lead, { patientId: patient.id });
    expect(history.plan!.keyWorker).toMatchObject({ id: c.id, active: true });
    expect(history.plan!.spells.map((s) => [s.keyWorker.name, s.reason, s.until === null])).toEqual([
      ["Ann Ames", null, false],
      ["Ben Bell", "Ann is on long-term leave", false],
      ["Cat Cole", "Closer to the patient's home", true],
    ]);
    expect(history.handovers.map((h) => [h.from, h.to, h.onDeactivation])).toEqual([
      ["Ben Bell", "Cat Cole", false],
      ["Ann Ames", "Ben Bell", false],
    ]);
    expect(history.keyWorkers.some((k) => k.id === c.id)).toBe(false);
    expect(await t.db.auditEvent.count({ where: { action: "key-worker.handover", patientId: patient.id } })).toBe(2);
    expect(await t.db.auditEvent.count({ where: { action: "key-worker.history.view", patientId: patient.id, actorId: org.staff.lead.id } })).toBe(1);
    // Ann still works here and keeps her account; she no longer sees the patient.
    await expectAppError(getCaseloadPatient(as(a), { patientId: patient.id }), "NOT_FOUND");
    expect((await getCaseload(as(c))).map((e) => e.patientId)).toEqual([patient.id]);

    const noPlan = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
    const missing = await expectAppError(handOverKeyWorker(lead, { patientId: noPlan.id, toKeyWorkerId: b.id, reason: "Cover" }), "NOT_FOUND");
    expect(missing.message).toBe("This patient has no final care plan, so there is no key worker to hand over");
  });
});

describe("the clinic lead's caseload overview", () => {
  it("lists every patient with a final plan, flags an inactive key worker first, highlights overdue contacts, and is audited", async () => {
    const gone = await staffMember("Vic Gone");
    const present = await staffMember("Wyn Here");
    const orphan = await patientWithPlan(gone.id);
    const kept = await patientWithPlan(present.id);
    const contacted = await patientWithPlan(present.id);
    const draftOnly = await patientWithDraft(present.id);
    await recordFollowUpContact(as(present), {
      patientId: contacted.id,
      method: "VISIT",
      contactedAt: today,
      contactedTime: "00:00",
      nextContactDue: plus(30),
    });
    await deactivateAsLegacyData(gone.id);

    // Seventeen days on, first contacts (due after fourteen) are overdue; the contacted patient is not due until day 30.
    const overview = await getCaseloadOverview(lead, on(plus(17)));
    const ids = overview.entries.map((e) => e.patientId);
    expect(ids[0]).toBe(orphan.id);
    expect(overview.entries[0]).toMatchObject({
      name: orphan.name,
      keyWorker: { id: gone.id, name: "Vic Gone", active: false },
      followUp: { overdue: true, due: plus(14), daysOverdue: 3 },
    });
    expect(ids).not.toContain(draftOnly.id);
    const byId = new Map(overview.entries.map((e) => [e.patientId, e]));
    expect(byId.get(kept.id)).toMatchObject({
      keyWorker: { name: "Wyn Here", active: true },
      lastContactOn: null,
      nextReviewDate: plus(56),
      followUp: { overdue: true, due: plus(14) },
    });
    expect(byId.get(contacted.id)).toMatchObject({ lastContactOn: today, followUp: { overdue: false, due: plus(30) } });
    expect(ids.indexOf(kept.id)).toBeLessThan(ids.indexOf(contacted.id));
    // Every inactive key worker's patient comes before every active one's.
    const firstActive = overview.entries.findIndex((e) => e.keyWorker.active);
    expect(overview.entries.slice(firstActive).every((e) => e.keyWorker.active)).toBe(true);
    expect(overview.counts.keyWorkerInactive).toBe(overview.entries.filter((e) => !e.keyWorker.active).length);
    expect(overview.counts.keyWorkerInactive).toBeGreaterThanOrEqual(1);
    expect(overview.counts.patients).toBe(await t.db.carePlan.count({ where: { status: "FINAL", patient: { practice: { pcnId: org.pcnId } } } }));
    const views = await t.db.auditEvent.findMany({ where: { action: "caseload.oversee", actorId: org.staff.lead.id } });
    expect(new Set(views.map((v) => v.patientId))).toEqual(new Set(ids));

    // Handed over from the overview, the patient is no longer flagged.
    await handOverKeyWorker(lead, { patientId: orphan.id, toKeyWorkerId: present.id, reason: "Vic left in 2026 without a handover" });
    const after = await getCaseloadOverview(lead, on(plus(17)));
    expect(after.entries.find((e) => e.patientId === orphan.id)).toMatchObject({ keyWorker: { name: "Wyn Here", active: true } });
    expect((await t.db.keyWorkerHandover.findFirstOrThrow({ where: { fromKeyWorkerId: gone.id } })).onDeactivation).toBe(false);
  });

  it("a leaver who was deactivated before this check can still have their patients handed over from the staff page", async () => {
    const gone = await staffMember("Xan Left");
    const patient = await patientWithPlan(gone.id);
    await deactivateAsLegacyData(gone.id);
    const outcome = await deactivateWithHandover(lead, { staffId: gone.id, toKeyWorkerId: org.staff.buddy2.id, reason: "Left last year" });
    expect(outcome).toMatchObject({ deactivated: false, patients: [{ patientId: patient.id, toKeyWorkerName: org.staff.buddy2.name }] });
    expect(await t.db.auditEvent.count({ where: { action: "staff.deactivate", entityId: gone.id } })).toBe(0);
  });
});
