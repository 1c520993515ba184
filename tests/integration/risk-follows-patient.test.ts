/**
 * A risk recorded at triage follows the patient (hazard H19): flagged on every
 * later afternoon list, the flow board (clinical roles) and the summary until a
 * clinician records it reviewed or resolved; a triage's earlier versions stay
 * readable, and unticking a risk needs a reason. Also "Talking Therapies:
 * waitlisted" on the GP's list and summary.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getAfternoonList } from "@/lib/services/afternoons/get-afternoon-list";
import { bookFromWaitlist } from "@/lib/services/routing/book-from-waitlist";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { getPatientSummary } from "@/lib/services/patients/get-patient-summary";
import { getTriageHistory } from "@/lib/services/triage/get-triage-history";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { reviewRisk } from "@/lib/services/risks/review-risk";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import {
  arrivedMorningAppointment,
  createOrganisation,
  demoPatientInput,
  standardTemplateSessions,
  type Organisation,
} from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let as: Record<"therapist" | "gp" | "lead" | "reception" | "buddy", ServiceContext>;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  as = {
    therapist: { db: t.db, actor: org.staff.therapist },
    gp: { db: t.db, actor: org.staff.gp },
    lead: { db: t.db, actor: org.staff.lead },
    reception: { db: t.db, actor: org.staff.reception },
    buddy: { db: t.db, actor: org.staff.buddy },
  };
});

const SAFETY = "Passive thoughts of not waking up, no plan: safety plan agreed, crisis line given, GP told";
const ABUSE = "Discloses a controlling partner: domestic abuse service details given safely";

/** A clinic of weekly days from `first`, whose GP afternoon is Dr Whitfield's alone (so his list is the whole session). */
async function clinic(first: string, weeks: number) {
  const clinic = await createClinic(as.lead, { name: `Clinic ${first}`, siteId: org.siteId });
  const sessions = standardTemplateSessions(org).map((s) => (s.kind === "GP" ? { ...s, staffIds: [org.staff.gp.id] } : s));
  const template = await createClinicTemplate(as.lead, { clinicId: clinic.id, name: "Standard", sessions });
  const { ids, dates } = await createClinicDays(as.reception, { templateId: template.id, firstDate: first, weeks });
  return { clinicId: clinic.id, dayIds: ids, dates };
}

async function newPatient() {
  return (await createPatient(as.reception, demoPatientInput(seq++, org.practiceIds))).id;
}

/** The patient arrives for the morning, screens positive, and is called in to Talking Therapies: returns that appointment. */
async function screenedPositive(clinicDayId: string, patientId: string) {
  const slot = await t.db.slot.findFirstOrThrow({
    where: { session: { clinicDayId, kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const morning = await arrivedMorningAppointment(t.db, { patientId, clinicDayId, slotId: slot.id });
  await recordPhq4(as.buddy, { appointmentId: morning.id, answers: [2, 1, 1, 1] });
  const tt = await t.db.appointment.findFirstOrThrow({ where: { patientId, clinicDayId, kind: "TALKING_THERAPIES", activeSlotId: { not: null } } });
  return t.db.appointment.update({ where: { id: tt.id }, data: { status: "ARRIVED", startedAt: new Date() } });
}

/** A GP appointment on the day's first free GP slot, written as another screen would book it. */
async function gpAppointment(clinicDayId: string, patientId: string, reason: string) {
  const slot = await t.db.slot.findFirstOrThrow({
    where: { session: { clinicDayId, kind: "GP" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: { startsAt: "asc" },
  });
  return t.db.appointment.create({
    data: { patientId, clinicDayId, slotId: slot.id, activeSlotId: slot.id, kind: "GP", origin: "WAITLIST", reason },
  });
}

const triage = (appointmentId: string, extra: Record<string, unknown> = {}) => ({
  appointmentId,
  presentingProblems: "Low mood and poor sleep since the heart failure diagnosis",
  outcome: "STANDALONE_SUPPORT",
  ...extra,
});

describe("a risk follows the patient to later days", () => {
  it("is flagged on a later day's GP list (booked from the waitlist, no morning that day), the Talking Therapies list, the flow board for clinical roles, and the summary", async () => {
    const { clinicId, dayIds, dates } = await clinic("2027-09-01", 2);
    const [day1, day2] = dayIds;
    const patientId = await newPatient();
    const therapy = await screenedPositive(day1, patientId);
    // Day 1's triage: a risk, and a review at the next clinic.
    await recordTriage(
      as.therapist,
      triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY, outcome: "REVIEW_LATER", reviewClinicDayId: day2 }),
    );

    // Day 2: someone else is on the GP's list first in time; our patient's GP appointment comes from the waitlist.
    const other = await newPatient();
    await gpAppointment(day2, other, "Care plan review");
    const entry = await t.db.waitlistEntry.create({
      data: { clinicId, openClinicId: clinicId, patientId, kind: "GP", reason: "No GP slot free on 1 September", fromClinicDayId: day1 },
    });
    const booked = await bookFromWaitlist(as.therapist, { waitlistEntryId: entry.id, clinicDayId: day2 });
    expect(await t.db.appointment.count({ where: { patientId, clinicDayId: day2, kind: "WRAP_AROUND" } })).toBe(0);

    const flag = { kinds: ["riskToSelf"], summary: "to self", actionTaken: SAFETY, triageDate: dates[0] };
    const gp = (await getAfternoonList(as.gp, "GP", dates[1]))!;
    expect(gp.entries.map((e) => e.patientId)).toEqual([patientId, other]);
    expect(gp.entries[0]).toMatchObject({ appointmentId: booked.appointmentId, risk: true, risks: [expect.objectContaining(flag)] });
    expect(gp.entries[1]).toMatchObject({ risk: false, risks: [] });

    const tt = (await getAfternoonList(as.therapist, "TALKING_THERAPIES", dates[1]))!;
    expect(tt.entries).toHaveLength(1);
    expect(tt.entries[0]).toMatchObject({ patientId, risk: true, risks: [expect.objectContaining(flag)] });

    for (const clinical of [as.lead, as.gp, as.therapist]) {
      const board = await getFlowBoard(clinical, { clinicDayId: day2 });
      expect(board.rows.find((r) => r.patientId === patientId)).toMatchObject({ risk: true, risks: [expect.objectContaining(flag)] });
      expect(board.rows.find((r) => r.patientId === other)).toMatchObject({ risk: false, risks: [] });
    }
    const reception = await getFlowBoard(as.reception, { clinicDayId: day2 });
    expect(reception.rows.map((r) => r.patientId).sort()).toEqual([patientId, other].sort());
    expect(JSON.stringify(reception)).not.toMatch(/risk|Passive thoughts/i);

    const summary = await getPatientSummary(as.gp, { patientId });
    expect(summary.openRisks).toEqual([expect.objectContaining({ ...flag, recordedByName: org.staff.therapist.name })]);
    expect(summary.canReviewRisk).toBe(true);
  });

  it("the summary and the next GP list show an earlier triage's open risk when a later triage records none", async () => {
    const { dayIds, dates } = await clinic("2027-09-15", 2);
    const patientId = await newPatient();
    const first = await screenedPositive(dayIds[0], patientId);
    await recordTriage(as.therapist, triage(first.id, { riskFromOthers: true, riskActionTaken: ABUSE }));
    const second = await screenedPositive(dayIds[1], patientId);
    await recordTriage(as.therapist, triage(second.id, { presentingProblems: "Sleeping better; still worried about money" }));

    const summary = await getPatientSummary(as.gp, { patientId });
    // The latest triage records no risk; the earlier one's is still open.
    expect(summary.triage).toMatchObject({
      presentingProblems: "Sleeping better; still worried about money",
      risk: { toSelf: false, toOthers: false, fromOthers: false },
    });
    expect(summary.openRisks).toEqual([expect.objectContaining({ kinds: ["riskFromOthers"], actionTaken: ABUSE, triageDate: dates[0] })]);
    const gp = (await getAfternoonList(as.gp, "GP", dates[1]))!;
    expect(gp.entries.find((e) => e.patientId === patientId)).toMatchObject({
      risk: true,
      risks: [expect.objectContaining({ triageDate: dates[0] })],
    });
    // Two open risks from two triages: both shown, newest first.
    await recordTriage(
      as.therapist,
      triage(second.id, { presentingProblems: "Sleeping better; still worried about money", riskToSelf: true, riskActionTaken: SAFETY }),
    );
    const both = (await loadOpenRisks(t.db, [patientId])).get(patientId)!;
    expect(both.map((r) => [r.triageDate, r.summary])).toEqual([
      [dates[1], "to self"],
      [dates[0], "from others"],
    ]);
  });
});

describe("triage versions", () => {
  it("refuses unticking a risk without a reason and changes nothing; with a reason keeps a new version, the earlier one (with the risk and action) readable", async () => {
    const { dayIds, dates } = await clinic("2027-10-06", 1);
    const patientId = await newPatient();
    const therapy = await screenedPositive(dayIds[0], patientId);
    const recorded = await recordTriage(
      as.therapist,
      triage(therapy.id, { riskToSelf: true, riskFromOthers: true, riskActionTaken: `${SAFETY}. ${ABUSE}` }),
    );
    expect(recorded.version).toBe(1);
    const before = await t.db.triageOutcome.findUniqueOrThrow({ where: { id: recorded.triageOutcomeId } });
    const audits = await t.db.auditEvent.count({ where: { patientId } });

    // Unticking "from others" with no reason: refused, with a field error; nothing is written.
    const refused = await expectAppError(recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY })), "VALIDATION");
    expect(refused.fieldErrors).toEqual({ changeReason: "Give the reason for unticking a risk that was recorded: the earlier version is kept" });
    await expectAppError(
      recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY, changeReason: "   " })),
      "VALIDATION",
    );
    expect(await t.db.triageOutcome.findUniqueOrThrow({ where: { id: recorded.triageOutcomeId } })).toEqual(before);
    expect(await t.db.triageVersion.count({ where: { triageOutcomeId: recorded.triageOutcomeId } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { patientId } })).toBe(audits);

    // Saving the same again changes nothing and makes no version.
    const same = await recordTriage(
      as.therapist,
      triage(therapy.id, { riskToSelf: true, riskFromOthers: true, riskActionTaken: `${SAFETY}. ${ABUSE}` }),
    );
    expect(same).toMatchObject({ version: 1, changed: [] });

    // With a reason: version 2, the earlier kept whole.
    const reason = "Partner's controlling behaviour was a misunderstanding: the patient corrected it at the end of the session";
    const changed = await recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY, changeReason: reason }));
    expect(changed).toMatchObject({ updated: true, version: 2 });
    expect(changed.changed.sort()).toEqual(["riskActionTaken", "riskFromOthers"]);
    expect(await t.db.auditEvent.findFirst({ where: { patientId, action: "triage.update" }, orderBy: { id: "desc" } })).toMatchObject({
      details: { changed: expect.any(Array), version: 2 },
    });

    const history = await getTriageHistory(as.gp, { patientId });
    const [entry] = history.triages;
    expect(entry).toMatchObject({ date: dates[0], version: 2 });
    expect(entry.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(entry.versions[0]).toMatchObject({
      changeReason: reason,
      recordedByName: org.staff.therapist.name,
      changed: ["risk from others", "action taken about the risk"],
    });
    expect(entry.versions[0].content).toMatchObject({ riskToSelf: true, riskFromOthers: false, riskActionTaken: SAFETY });
    expect(entry.versions[1]).toMatchObject({
      changeReason: null,
      content: { riskToSelf: true, riskFromOthers: true, riskActionTaken: `${SAFETY}. ${ABUSE}` },
    });
    expect(await t.db.auditEvent.count({ where: { patientId, action: "triage.history.view", actorId: org.staff.gp.id } })).toBe(1);
    // Still open: "to self" is still recorded.
    expect((await loadOpenRisks(t.db, [patientId])).get(patientId)).toEqual([
      expect.objectContaining({ kinds: ["riskToSelf"], actionTaken: SAFETY }),
    ]);

    // Unticking every risk (with a reason) ends the flag; version 2's risk stays readable.
    await recordTriage(as.therapist, triage(therapy.id, { changeReason: "Recorded on the wrong patient's triage" }));
    expect((await loadOpenRisks(t.db, [patientId])).has(patientId)).toBe(false);
    const after = (await getTriageHistory(as.therapist, { patientId })).triages[0];
    expect(after.versions.map((v) => [v.version, v.content.riskToSelf, v.content.riskActionTaken])).toEqual([
      [3, false, null],
      [2, true, SAFETY],
      [1, true, `${SAFETY}. ${ABUSE}`],
    ]);
  });

  it("the database keeps every version: no change in place, no untick without a reason, no triage without its version, no rewriting a version", async () => {
    const { dayIds } = await clinic("2027-10-13", 1);
    const patientId = await newPatient();
    const therapy = await screenedPositive(dayIds[0], patientId);
    const { triageOutcomeId: id } = await recordTriage(
      as.therapist,
      triage(therapy.id, { riskToOthers: true, riskActionTaken: "Duty to warn discussed with the team" }),
    );

    await expect(t.db.$executeRaw`UPDATE "TriageOutcome" SET "presentingProblems" = 'rewritten' WHERE id = ${id}::uuid`).rejects.toThrow(
      /TriageOutcome_versioned|changed only as a new version/,
    );
    await expect(t.db.$executeRaw`UPDATE "TriageOutcome" SET version = 3 WHERE id = ${id}::uuid`).rejects.toThrow(/one version at a time/);
    await expect(
      t.db.$executeRaw`UPDATE "TriageOutcome" SET "riskToOthers" = false, "riskActionTaken" = NULL, version = 2 WHERE id = ${id}::uuid`,
    ).rejects.toThrow(/Unticking a recorded risk needs a reason/);
    // A new version without its kept copy is refused when the transaction commits.
    await expect(t.db.$executeRaw`UPDATE "TriageOutcome" SET "presentingProblems" = 'new text', version = 2 WHERE id = ${id}::uuid`).rejects.toThrow(
      /TriageOutcome_version_kept|no kept version/,
    );
    await expect(t.db.$executeRaw`UPDATE "TriageVersion" SET "riskActionTaken" = 'none' WHERE "triageOutcomeId" = ${id}::uuid`).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.$executeRaw`DELETE FROM "TriageVersion" WHERE "triageOutcomeId" = ${id}::uuid`).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`TRUNCATE "TriageVersion" CASCADE`).rejects.toThrow(/append-only/);
    // Routing may still move the review booking without a version.
    await t.db.triageOutcome.update({ where: { id }, data: { reviewAppointmentId: null } });
    expect(await t.db.triageOutcome.findUniqueOrThrow({ where: { id } })).toMatchObject({
      version: 1,
      presentingProblems: "Low mood and poor sleep since the heart failure diagnosis",
    });
  });
});

describe("recording a risk reviewed or resolved", () => {
  it("needs a reason, records who and when, clears the flag everywhere, and is refused for reception", async () => {
    const { dayIds, dates } = await clinic("2027-11-03", 2);
    const [day1, day2] = dayIds;
    const patientId = await newPatient();
    const therapy = await screenedPositive(day1, patientId);
    const { triageOutcomeId } = await recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY }));
    await gpAppointment(day2, patientId, "Booked from the waitlist");

    const payload = {
      triageOutcomeId,
      version: 1,
      outcome: "RESOLVED",
      reason: "Seen by the GP: thoughts have gone since the sertraline dose changed; safety plan kept",
    };
    await expectAppError(reviewRisk(as.reception, payload), "FORBIDDEN");
    await expectAppError(reviewRisk(as.buddy, payload), "FORBIDDEN");
    const blank = await expectAppError(reviewRisk(as.gp, { ...payload, reason: "  " }), "VALIDATION");
    expect(blank.fieldErrors?.reason).toMatch(/Give the reason/);
    expect((await expectAppError(reviewRisk(as.gp, { ...payload, outcome: "GONE" }), "VALIDATION")).fieldErrors?.outcome).toMatch(
      /reviewed or resolved/,
    );
    // The triage changed since the page was read: refused.
    await expectAppError(reviewRisk(as.gp, { ...payload, version: 2 }), "CONFLICT");
    const other = await createOrganisation(t.db, { suffix: "ro", name: "Other PCN" });
    await expectAppError(reviewRisk({ db: t.db, actor: other.staff.gp }, payload), "NOT_FOUND");
    // The history is clinical: not for reception, nor for another PCN.
    await expectAppError(getTriageHistory(as.reception, { patientId }), "FORBIDDEN");
    await expectAppError(getTriageHistory({ db: t.db, actor: other.staff.gp }, { patientId }), "NOT_FOUND");
    expect(await t.db.riskReview.count({ where: { triageOutcomeId } })).toBe(0);
    // The database refuses a review without a reason, and one of a version that records no risk.
    await expect(
      t.db
        .$executeRaw`INSERT INTO "RiskReview" (id, "triageOutcomeId", "triageVersion", outcome, reason, "reviewedById") VALUES (gen_random_uuid(), ${triageOutcomeId}::uuid, 1, 'RESOLVED', ' ', ${org.staff.gp.id}::uuid)`,
    ).rejects.toThrow(/RiskReview_needs_reason/);
    const quiet = await screenedPositive(day1, await newPatient());
    const { triageOutcomeId: noRisk } = await recordTriage(as.therapist, triage(quiet.id));
    await expect(
      t.db
        .$executeRaw`INSERT INTO "RiskReview" (id, "triageOutcomeId", "triageVersion", outcome, reason, "reviewedById") VALUES (gen_random_uuid(), ${noRisk}::uuid, 1, 'REVIEWED', 'x', ${org.staff.gp.id}::uuid)`,
    ).rejects.toThrow(/records no risk/);

    const at = new Date("2027-11-10T14:05:00Z");
    const done = await reviewRisk(as.gp, payload, { now: at });
    expect(done).toMatchObject({ patientId, outcome: "RESOLVED", triageVersion: 1 });
    expect(await t.db.riskReview.findUniqueOrThrow({ where: { id: done.riskReviewId } })).toMatchObject({
      triageOutcomeId,
      triageVersion: 1,
      outcome: "RESOLVED",
      reason: payload.reason,
      reviewedById: org.staff.gp.id,
      reviewedAt: at,
    });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { patientId, action: "risk.resolve" } });
    expect(audit).toMatchObject({
      actorId: org.staff.gp.id,
      entityType: "TriageOutcome",
      entityId: triageOutcomeId,
      details: { triageVersion: 1, kinds: ["riskToSelf"] },
    });
    // The reason is the clinical record's, not the audit trail's.
    expect(JSON.stringify(audit.details)).not.toContain("sertraline");
    await expect(t.db.$executeRaw`UPDATE "RiskReview" SET reason = 'changed' WHERE id = ${done.riskReviewId}::uuid`).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`DELETE FROM "RiskReview" WHERE id = ${done.riskReviewId}::uuid`).rejects.toThrow(/append-only/);

    // The flag has gone everywhere.
    const gp = (await getAfternoonList(as.gp, "GP", dates[1]))!;
    expect(gp.entries.find((e) => e.patientId === patientId)).toMatchObject({ risk: false, risks: [] });
    const board = await getFlowBoard(as.lead, { clinicDayId: day2 });
    expect(board.rows.find((r) => r.patientId === patientId)).toMatchObject({ risk: false, risks: [] });
    expect((await getPatientSummary(as.gp, { patientId })).openRisks).toEqual([]);
    const history = (await getTriageHistory(as.gp, { patientId })).triages[0];
    expect(history.openRisk).toBeNull();
    expect(history.reviews).toEqual([
      expect.objectContaining({ outcome: "RESOLVED", reason: payload.reason, reviewedByName: org.staff.gp.name, reviewedAt: at, triageVersion: 1 }),
    ]);
    // Once closed, a second record is refused.
    await expectAppError(reviewRisk(as.lead, { ...payload, outcome: "REVIEWED" }), "CONFLICT");

    // A later version that only rewords the action stays closed; one that ticks a new kind opens it again.
    await recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: `${SAFETY}; crisis team number added` }));
    expect((await loadOpenRisks(t.db, [patientId])).has(patientId)).toBe(false);
    await recordTriage(
      as.therapist,
      triage(therapy.id, { riskToSelf: true, riskToOthers: true, riskActionTaken: `${SAFETY}; anger at a neighbour discussed` }),
    );
    expect((await getAfternoonList(as.gp, "GP", dates[1]))!.entries.find((e) => e.patientId === patientId)).toMatchObject({ risk: true });
    // The clinic lead and the therapist may record it too.
    const reviewed = await reviewRisk(as.lead, {
      triageOutcomeId,
      version: 3,
      outcome: "REVIEWED",
      reason: "Discussed at the safety huddle: plan agreed with the GP",
    });
    expect(reviewed.outcome).toBe("REVIEWED");
    expect(await t.db.auditEvent.count({ where: { patientId, action: "risk.review", actorId: org.staff.lead.id } })).toBe(1);
    expect((await loadOpenRisks(t.db, [patientId])).has(patientId)).toBe(false);
  });

  it("two clinicians recording the same risk at once: one succeeds, the other is told", async () => {
    const { dayIds } = await clinic("2027-11-17", 1);
    const patientId = await newPatient();
    const therapy = await screenedPositive(dayIds[0], patientId);
    const { triageOutcomeId } = await recordTriage(as.therapist, triage(therapy.id, { riskToSelf: true, riskActionTaken: SAFETY }));
    const attempt = (ctx: ServiceContext) =>
      reviewRisk(ctx, { triageOutcomeId, version: 1, outcome: "REVIEWED", reason: "Reviewed with the patient" });
    const results = await Promise.allSettled([attempt(as.gp), attempt(as.lead), attempt(as.therapist)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.riskReview.count({ where: { triageOutcomeId } })).toBe(1);
  });
});

describe("Talking Therapies: waitlisted", () => {
  it("is shown on the GP's list and the patient's summary while the Talking Therapies waitlist entry is open", async () => {
    const { clinicId, dayIds, dates } = await clinic("2027-12-01", 1);
    const waiting = await newPatient();
    const seen = await newPatient();
    await gpAppointment(dayIds[0], waiting, "GP after the morning");
    await gpAppointment(dayIds[0], seen, "GP after the morning");
    const reason = "PHQ-4 total 6 ≥ 3: no Talking Therapies slot free";
    const entry = await t.db.waitlistEntry.create({
      data: { clinicId, openClinicId: clinicId, patientId: waiting, kind: "TALKING_THERAPIES", reason, fromClinicDayId: dayIds[0] },
    });
    // A GP waitlist entry is not Talking Therapies.
    await t.db.waitlistEntry.create({
      data: { clinicId, openClinicId: clinicId, patientId: seen, kind: "GP", reason: "No GP slot", fromClinicDayId: dayIds[0] },
    });

    const gp = (await getAfternoonList(as.gp, "GP", dates[0]))!;
    expect(gp.entries.find((e) => e.patientId === waiting)!.therapyWaitlisted).toMatchObject({
      waitlistEntryId: entry.id,
      reason,
      fromDate: dates[0],
      forDate: null,
    });
    expect(gp.entries.find((e) => e.patientId === seen)!.therapyWaitlisted).toBeNull();
    expect((await getPatientSummary(as.gp, { patientId: waiting })).therapyWaitlisted).toMatchObject({ reason, fromDate: dates[0] });
    expect((await getPatientSummary(as.gp, { patientId: seen })).therapyWaitlisted).toBeNull();

    // Once the entry is closed (booked or resolved), it is not shown.
    await t.db.waitlistEntry.update({ where: { id: entry.id }, data: { openClinicId: null, resolvedAt: new Date(), resolution: "Booked" } });
    expect((await getAfternoonList(as.gp, "GP", dates[0]))!.entries.find((e) => e.patientId === waiting)!.therapyWaitlisted).toBeNull();
    expect((await getPatientSummary(as.gp, { patientId: waiting })).therapyWaitlisted).toBeNull();
  });
});
