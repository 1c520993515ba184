/**
 * Recording a Talking Therapies course (issue 15): contacts with their PHQ-9
 * and GAD-7 on the exact instrument version used, the risk item's response,
 * corrections that supersede rather than rewrite, the course's outcome from
 * the current contacts, and a clinic lead's adapted versions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { builtinInstrument } from "@/lib/outcomes/instruments";
import { ensureBuiltinInstruments, type BuiltinCode } from "@/lib/services/outcomes/internal/instrument-versions";
import { recordTherapyContact } from "@/lib/services/outcomes/record-therapy-contact";
import { correctTherapyContact } from "@/lib/services/outcomes/correct-therapy-contact";
import { getReferralCourse } from "@/lib/services/outcomes/get-referral-course";
import { createInstrumentVersion } from "@/lib/services/outcomes/create-instrument-version";
import { listInstrumentVersions } from "@/lib/services/outcomes/list-instrument-versions";
import { updateReferralStatus } from "@/lib/services/referrals/update-referral-status";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { Observation } from "@medplum/fhirtypes";
import { exportFhirBundle } from "@/lib/services/exports/export-fhir-bundle";
import { getPatientSummary } from "@/lib/services/patients/get-patient-summary";
import { validateFhir } from "@/tests/helpers/fhir-schema";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createTriageOutcome } from "@/tests/helpers/clinical-factories";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let ids: Record<BuiltinCode, string>;
let clinicDayIds: string[];
let seq = 0;
const today = londonToday();
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "c5", name: "Hillside PCN" });
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Course clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  clinicDayIds = (await createClinicDays(lead, { templateId: template.id, firstDate: today, weeks: 8 })).ids;
  ids = await t.db.$transaction((tx) => ensureBuiltinInstruments(tx));
});

const therapist = () => ({ db: t.db, actor: org.staff.therapist });

/** A referral into Talking Therapies made at triage 30 days ago, in the given status. */
async function referral(status: "ACCEPTED" | "ENTERED_TREATMENT" | "REFERRED" = "ENTERED_TREATMENT") {
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
  const free = await t.db.slot.findFirst({
    where: { session: { clinicDayId: { in: clinicDayIds }, kind: "TALKING_THERAPIES" }, appointments: { none: { activeSlotId: { not: null } } } },
    select: { session: { select: { clinicDayId: true } } },
  });
  const triage = await createTriageOutcome(t.db, {
    patientId: patient.id,
    clinicDayId: free!.session.clinicDayId,
    recordedById: org.staff.therapist.id,
  });
  const start = new Date(`${daysAgo(30)}T00:00:00Z`);
  const row = await t.db.referral.create({
    data: {
      patientId: patient.id,
      triageOutcomeId: triage.id,
      pathway: "LONG_TERM_CONDITIONS",
      ltcCondition: "DIABETES",
      status,
      referredAt: start,
      acceptedAt: status === "REFERRED" ? null : start,
      enteredTreatmentAt: status === "ENTERED_TREATMENT" ? start : null,
    },
  });
  return { patientId: patient.id, referralId: row.id, clinicDayId: free!.session.clinicDayId };
}

/** PHQ-9 answers totalling `total` (item 9 left at 0), and GAD-7 answers likewise. */
const phq9Answers = (total: number) => Array.from({ length: 9 }, (_, i) => (i === 8 ? 0 : Math.min(3, Math.max(0, total - 3 * i))));
const gad7Answers = (total: number) => Array.from({ length: 7 }, (_, i) => Math.min(3, Math.max(0, total - 3 * i)));

function session(referralId: string, date: string, phq9: number[], gad7: number[], extra: Record<string, unknown> = {}) {
  return {
    referralId,
    date,
    kind: "TREATMENT",
    attendance: "ATTENDED",
    phq9: { instrumentVersionId: ids.PHQ9, answers: phq9, completedBy: "PATIENT" },
    gad7: { instrumentVersionId: ids.GAD7, answers: gad7, completedBy: "PATIENT" },
    ...extra,
  };
}

async function counts(referralId: string) {
  const contacts = await t.db.therapyContact.count({ where: { referralId } });
  const responses = await t.db.measureResponse.count({ where: { contact: { referralId } } });
  const audits = await t.db.auditEvent.count({ where: { action: "therapy.contact.record", details: { path: ["referralId"], equals: referralId } } });
  return { contacts, responses, audits };
}

describe("recording a course", () => {
  it("three sessions with falling scores, then closed after treatment: the course is recovered and reliably improved", async () => {
    const r = await referral();
    const scores: Array<[number, number]> = [
      [18, 14],
      [12, 9],
      [6, 4],
    ];
    for (const [i, [p, g]] of scores.entries()) {
      const written = await recordTherapyContact(therapist(), session(r.referralId, daysAgo(21 - 7 * i), phq9Answers(p), gad7Answers(g)));
      expect(written.measures.map((m) => m.total)).toEqual([p, g]);
    }
    const open = await getReferralCourse(therapist(), { referralId: r.referralId });
    expect(open.outcome).toMatchObject({ treatmentSessions: 3, atCaseness: true, finishedTreatment: false, recovered: null });
    expect(open.contacts[0].measures.map((m) => [m.measure, m.total, m.band])).toEqual([
      ["PHQ9", 18, "Moderately severe"],
      ["GAD7", 14, "Moderate"],
    ]);
    expect(open.referral).toMatchObject({ pathway: "LONG_TERM_CONDITIONS", ltcCondition: "DIABETES" });

    await updateReferralStatus(therapist(), { referralId: r.referralId, status: "FINISHED_TREATMENT", date: today, reason: "Goals met" });
    const closed = await getReferralCourse(therapist(), { referralId: r.referralId });
    expect(closed.outcome).toMatchObject({
      finishedTreatment: true,
      first: { phq9: 18, gad7: 14 },
      last: { phq9: 6, gad7: 4 },
      recovered: true,
      reliablyImproved: true,
      reliablyRecovered: true,
    });
    expect(await counts(r.referralId)).toEqual({ contacts: 3, responses: 6, audits: 3 });
    expect(await t.db.auditEvent.count({ where: { action: "therapy.course.view", entityId: r.referralId } })).toBe(2);
  });

  it("records the exact instrument version, who completed it and the adjustment", async () => {
    const r = await referral("ACCEPTED");
    const input = session(r.referralId, daysAgo(2), phq9Answers(11), gad7Answers(8));
    input.phq9 = { ...input.phq9, completedBy: "READ_ALOUD_BY_PRACTITIONER", adjustment: "Large print, read aloud" } as typeof input.phq9;
    await recordTherapyContact(therapist(), { ...input, kind: "ASSESSMENT" });
    const rows = await t.db.measureResponse.findMany({ where: { contact: { referralId: r.referralId } }, orderBy: { total: "desc" } });
    expect(rows.map((x) => [x.instrumentVersionId, x.total, x.completedBy, x.adjustment, x.patientId])).toEqual([
      [ids.PHQ9, 11, "READ_ALOUD_BY_PRACTITIONER", "Large print, read aloud", r.patientId],
      [ids.GAD7, 8, "PATIENT", null, r.patientId],
    ]);
  });

  it("refuses PHQ-9 item 9 above 0 without a risk response, naming the field, and writes nothing", async () => {
    const r = await referral();
    const answers = phq9Answers(12);
    answers[8] = 1;
    const attempt = recordTherapyContact(therapist(), session(r.referralId, daysAgo(1), answers, gad7Answers(10)));
    await expect(attempt).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { "phq9.riskResponse": "Item 9 was answered above 0: record what you did about the risk" },
    });
    expect(await counts(r.referralId)).toEqual({ contacts: 0, responses: 0, audits: 0 });

    const input = session(r.referralId, daysAgo(1), answers, gad7Answers(10));
    input.phq9 = { ...input.phq9, riskResponse: "Safety plan reviewed; crisis line given" } as typeof input.phq9;
    await recordTherapyContact(therapist(), input);
    const stored = await t.db.measureResponse.findFirstOrThrow({ where: { contact: { referralId: r.referralId }, instrumentVersionId: ids.PHQ9 } });
    expect(stored.riskResponse).toBe("Safety plan reviewed; crisis line given");

    // A risk raised in treatment reaches the GP: the patient summary shows the item and what was done, and the latest totals.
    const summary = await getPatientSummary({ db: t.db, actor: org.staff.gp }, { patientId: r.patientId });
    expect(summary.treatmentMeasures.riskAnswers).toEqual([
      {
        date: daysAgo(1),
        instrument: "PHQ-9",
        items: [9],
        riskResponse: "Safety plan reviewed; crisis line given",
        recordedByName: org.staff.therapist.name,
      },
    ]);
    expect(summary.treatmentMeasures.latest.map((m) => `${m.name} ${m.total} of ${m.max}`)).toEqual(["PHQ-9 13 of 27", "GAD-7 10 of 21"]);
  });

  it("names each unanswered item", async () => {
    const r = await referral();
    const answers: Array<number | null> = phq9Answers(10);
    answers[2] = null;
    await expect(recordTherapyContact(therapist(), session(r.referralId, today, answers as number[], gad7Answers(3)))).rejects.toMatchObject({
      fieldErrors: { "phq9.answer.3": "Answer item 3 of the PHQ-9" },
    });
  });

  it("a did-not-attend contact has no measures, and measures given with one are refused", async () => {
    const r = await referral();
    await recordTherapyContact(therapist(), { referralId: r.referralId, date: daysAgo(3), kind: "TREATMENT", attendance: "DID_NOT_ATTEND" });
    await expect(
      recordTherapyContact(therapist(), { ...session(r.referralId, daysAgo(2), phq9Answers(5), gad7Answers(5)), attendance: "DID_NOT_ATTEND" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { phq9: expect.stringContaining("only at an attended session") } });
    expect(await counts(r.referralId)).toEqual({ contacts: 1, responses: 0, audits: 1 });
    const course = await getReferralCourse(therapist(), { referralId: r.referralId });
    expect(course.contacts).toHaveLength(1);
    expect(course.contacts[0]).toMatchObject({ attendance: "DID_NOT_ATTEND", measures: [], practitioner: org.staff.therapist.name });
    expect(course.outcome).toMatchObject({ treatmentSessions: 0, first: null, atCaseness: null });
  });

  it("refuses a date in the future or before the referral, and an attended session without its measures", async () => {
    const r = await referral();
    await expect(
      recordTherapyContact(therapist(), { referralId: r.referralId, date: daysAgo(31), kind: "ASSESSMENT", attendance: "CANCELLED" }),
    ).rejects.toMatchObject({ fieldErrors: { date: expect.stringContaining("cannot be before the referral") } });
    await expect(
      recordTherapyContact(therapist(), { referralId: r.referralId, date: daysAgo(-1), kind: "ASSESSMENT", attendance: "CANCELLED" }),
    ).rejects.toMatchObject({ fieldErrors: { date: "The session date cannot be in the future" } });
    await expect(
      recordTherapyContact(therapist(), { referralId: r.referralId, date: today, kind: "TREATMENT", attendance: "ATTENDED" }),
    ).rejects.toMatchObject({ fieldErrors: { phq9: "Record the PHQ-9 taken at the session", gad7: "Record the GAD-7 taken at the session" } });
    expect(await counts(r.referralId)).toEqual({ contacts: 0, responses: 0, audits: 0 });
  });

  it("refuses a referral that is not accepted or in treatment, another PCN's referral, a practitioner of another PCN, and reception", async () => {
    const referred = await referral("REFERRED");
    await expect(
      recordTherapyContact(therapist(), { referralId: referred.referralId, date: today, kind: "ASSESSMENT", attendance: "CANCELLED" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("This referral is referred") });

    const mine = await referral();
    const input = { referralId: mine.referralId, date: today, kind: "ASSESSMENT", attendance: "CANCELLED" };
    await expect(recordTherapyContact({ db: t.db, actor: other.staff.therapist }, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getReferralCourse({ db: t.db, actor: other.staff.therapist }, { referralId: mine.referralId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(recordTherapyContact(therapist(), { ...input, practitionerId: other.staff.therapist.id })).rejects.toMatchObject({
      fieldErrors: { practitionerId: "Choose a Talking Therapies practitioner of this PCN" },
    });
    await expect(recordTherapyContact({ db: t.db, actor: org.staff.reception }, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getReferralCourse({ db: t.db, actor: org.staff.reception }, { referralId: mine.referralId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await counts(mine.referralId)).toEqual({ contacts: 0, responses: 0, audits: 0 });
  });
});

describe("correcting a contact", () => {
  it("supersedes it with the reason; the course shows both and the outcome uses only the correction", async () => {
    const r = await referral();
    const first = await recordTherapyContact(therapist(), session(r.referralId, daysAgo(14), phq9Answers(20), gad7Answers(15)));
    await recordTherapyContact(therapist(), session(r.referralId, daysAgo(7), phq9Answers(9), gad7Answers(6)));
    const fixed = await correctTherapyContact(therapist(), {
      contactId: first.id,
      reason: "Scores entered for the wrong session",
      ...session(r.referralId, daysAgo(14), phq9Answers(16), gad7Answers(12)),
    });
    const course = await getReferralCourse(therapist(), { referralId: r.referralId });
    expect(course.contacts).toHaveLength(3);
    const old = course.contacts.find((c) => c.id === first.id)!;
    expect(old.supersededById).toBe(fixed.id);
    expect(course.contacts.find((c) => c.id === fixed.id)).toMatchObject({
      supersedesId: first.id,
      correctionReason: "Scores entered for the wrong session",
    });
    expect(course.outcome.first).toEqual({ phq9: 16, gad7: 12 });
    // The original is kept as it was.
    expect(await t.db.measureResponse.count({ where: { contactId: first.id } })).toBe(2);

    await expect(
      correctTherapyContact(therapist(), {
        contactId: first.id,
        reason: "Again",
        ...session(r.referralId, daysAgo(14), phq9Answers(1), gad7Answers(1)),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      correctTherapyContact(therapist(), { contactId: fixed.id, reason: "", ...session(r.referralId, daysAgo(14), phq9Answers(1), gad7Answers(1)) }),
    ).rejects.toMatchObject({ fieldErrors: { reason: "Give the reason for the correction" } });
    expect(await t.db.auditEvent.count({ where: { action: "therapy.contact.correct", entityId: fixed.id } })).toBe(1);

    // The patient's FHIR Bundle carries the current totals as Observations, the correction's as amended.
    const bundle = await exportFhirBundle(therapist(), { patientId: r.patientId, clinicDayId: r.clinicDayId });
    expect(validateFhir(bundle).errors).toEqual([]);
    const totals = (bundle.entry ?? [])
      .map((e) => e.resource!)
      .filter((x): x is Observation => x.resourceType === "Observation" && x.code.text !== "PHQ-4 total score")
      .map((o) => [o.code.coding![0].code, o.valueInteger, o.status, o.basedOn?.[0].reference]);
    expect(totals).toEqual([
      ["44261-6", 16, "amended", `urn:uuid:${r.referralId}`],
      ["70274-6", 12, "amended", `urn:uuid:${r.referralId}`],
      ["44261-6", 9, "final", `urn:uuid:${r.referralId}`],
      ["70274-6", 6, "final", `urn:uuid:${r.referralId}`],
    ]);
  }, 120_000);
});

describe("instrument versions", () => {
  const ldPhq9 = {
    code: "phq9-ld",
    version: "1",
    name: "PHQ-9 adapted for people with a learning disability",
    mapsTo: "PHQ9",
    validatedForOutcomes: "on",
    source: "Held by the service (adapted wording, test data)",
    stem: "In the last 2 weeks, how often have you…",
    items: builtinInstrument("PHQ9")
      .items.map((i, n) => `Adapted item ${n + 1}${i.risk ? " [risk]" : ""}`)
      .join("\n"),
    options: "0 = Never\n1 = Sometimes\n2 = A lot\n3 = Always",
    bands: "0-4 = Minimal\n5-9 = Mild\n10-14 = Moderate\n15-19 = Moderately severe\n20-27 = Severe",
    maxTotal: "27",
    caseness: "10",
  };

  it("a clinic lead adds an adapted version; therapists record on it and the response names it", async () => {
    const lead = { db: t.db, actor: org.staff.lead };
    const created = await createInstrumentVersion(lead, ldPhq9);
    expect(created).toMatchObject({ code: "PHQ9-LD", version: 1 });
    const row = await t.db.instrumentVersion.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      pcnId: org.pcnId,
      mapsTo: "PHQ9",
      validatedForOutcomes: true,
      maxTotal: 27,
      caseness: 10,
      createdById: org.staff.lead.id,
    });
    expect((row.items as Array<{ risk: boolean }>).map((i) => i.risk)).toEqual([false, false, false, false, false, false, false, false, true]);
    expect((await listInstrumentVersions(lead)).map((v) => v.code)).toEqual(["GAD7", "PHQ4", "PHQ9", "PHQ9-LD"]);

    const r = await referral();
    const course = await getReferralCourse(therapist(), { referralId: r.referralId });
    expect(course.instruments.PHQ9.map((v) => v.id)).toEqual([ids.PHQ9, created.id]);
    const input = session(r.referralId, today, [1, 1, 1, 1, 1, 1, 1, 1, 2], gad7Answers(2));
    input.phq9 = {
      ...input.phq9,
      instrumentVersionId: created.id,
      completedBy: "PATIENT_WITH_CARER",
      riskResponse: "Discussed with carer; GP informed",
    } as typeof input.phq9;
    await recordTherapyContact(therapist(), input);
    const stored = await t.db.measureResponse.findFirstOrThrow({ where: { contact: { referralId: r.referralId }, instrumentVersionId: created.id } });
    expect(stored).toMatchObject({ total: 10, completedBy: "PATIENT_WITH_CARER" });

    // Another PCN cannot use it.
    await expect(createInstrumentVersion(lead, ldPhq9)).rejects.toMatchObject({
      fieldErrors: { version: expect.stringContaining("already exists") },
    });
    const theirs = await getReferralCourse({ db: t.db, actor: other.staff.therapist }, { referralId: r.referralId }).catch((e) => e);
    expect(theirs).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a version whose scoring cannot reach its highest total, with the schema's message, and writes nothing", async () => {
    const lead = { db: t.db, actor: org.staff.lead };
    const before = await t.db.instrumentVersion.count();
    await expect(createInstrumentVersion(lead, { ...ldPhq9, code: "PHQ9-SHORT", maxTotal: "30" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { maxTotal: "The highest total must be 27: 9 items × the highest answer 3 (its scoring is their sum)" },
    });
    await expect(createInstrumentVersion(lead, { ...ldPhq9, code: "PHQ9-X", options: "0 Never\n1 = Sometimes" })).rejects.toMatchObject({
      fieldErrors: { options: expect.stringContaining("Answer option line 1") },
    });
    await expect(createInstrumentVersion(lead, { ...ldPhq9, code: "PHQ9" })).rejects.toMatchObject({
      fieldErrors: { code: expect.stringContaining("code of a standard version") },
    });
    expect(await t.db.instrumentVersion.count()).toBe(before);
    await expect(createInstrumentVersion({ db: t.db, actor: org.staff.therapist }, ldPhq9)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
