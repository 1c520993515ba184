/**
 * The monthly practice newsletter on a seeded month (issue 15): the practice's
 * referrals and outcomes with the counts behind each rate and "too few to
 * compare" under the threshold, beside the PCN's, split by pathway; its named
 * practitioner (set only by a clinic lead, only to an active Talking Therapies
 * clinician of the PCN); the newsletter's CSV and the referrals export for
 * the service's returns, each audited.
 */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuiltinInstruments, type BuiltinCode } from "@/lib/services/outcomes/internal/instrument-versions";
import { getPracticeNewsletter } from "@/lib/services/reports/get-practice-newsletter";
import { exportReportCsv } from "@/lib/services/reports/export-report-csv";
import { exportReferralReturnsCsv, REFERRAL_RETURNS_COLUMNS } from "@/lib/services/exports/export-referral-returns-csv";
import { setPracticePractitioner, PRACTITIONER_REFUSED } from "@/lib/services/practices/set-practice-practitioner";
import { createPatient } from "@/lib/services/patients/create-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";
import { createTherapyReferral, writeCourse, type CourseContact, type ReferralInput } from "@/tests/helpers/outcome-factories";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let instruments: Record<BuiltinCode, string>;
let odsA: string;
let seq = 0;

const c = (date: string, phq9: number, gad7: number, kind: CourseContact["kind"] = "TREATMENT"): CourseContact => ({ date, kind, phq9, gad7 });
const recovering = [c("2026-10-02", 15, 12, "ASSESSMENT"), c("2026-10-09", 12, 9), c("2026-10-16", 6, 5)];
const stuck = [c("2026-10-02", 16, 13, "ASSESSMENT"), c("2026-10-09", 15, 12), c("2026-10-16", 14, 11)];

async function course(practiceIndex: number, contacts: CourseContact[], r: Partial<ReferralInput> = {}) {
  const input = demoPatientInput(seq++, [org.practiceIds[practiceIndex]]);
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, input);
  return t.db.$transaction(async (tx) => {
    const referralId = await createTherapyReferral(tx, {
      patientId: patient.id,
      ownerId: org.staff.therapist.id,
      pathway: "STEP_2",
      referredAt: "2026-10-01",
      enteredTreatmentAt: "2026-10-02",
      closedAt: "2026-10-20",
      ...r,
    });
    await writeCourse(tx, { patientId: patient.id, referralId, practitionerId: org.staff.therapist.id, instruments, contacts });
    return { referralId, patientId: patient.id, nhsNumber: input.nhsNumber };
  });
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "o" });
  instruments = await t.db.$transaction((tx) => ensureBuiltinInstruments(tx));
  odsA = (await t.db.practice.findUniqueOrThrow({ where: { id: org.practiceIds[0] } })).odsCode;
  // Practice A in October 2026: two recovered (one on the LTC pathway, diabetes), one not; one still in treatment.
  await course(0, recovering);
  await course(0, stuck);
  await course(0, recovering, { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "DIABETES" });
  await course(0, recovering.slice(0, 2), { closedAt: null });
  // Practice B: five recovered, so the PCN's rate is not too few to compare.
  for (let i = 0; i < 5; i++) await course(1, recovering);
});

describe("the monthly practice newsletter", () => {
  it("shows the practice's month with the counts behind each rate, beside the PCN's, by pathway", async () => {
    const n = await getPracticeNewsletter({ db: t.db, actor: org.staff.lead }, { practice: odsA.toLowerCase(), month: "2026-10" });
    expect(n.practice.odsCode).toBe(odsA);
    expect(n.monthLabel).toBe("October 2026");
    expect(n.practitioner).toBeNull();
    expect(n.figures.all).toMatchObject({ received: 4, enteredTreatment: 4, closedAfterTreatment: 3, finishedTreatment: 3, atCaseness: 3 });
    expect(n.figures.all.recovery).toEqual({ numerator: 2, denominator: 3, percent: 66.7, tooFew: true });
    expect(n.figures.all.reliableImprovement).toEqual({ numerator: 2, denominator: 3, percent: 66.7, tooFew: true });
    expect(n.pcn.all.recovery).toEqual({ numerator: 7, denominator: 8, percent: 87.5, tooFew: false });
    expect(n.figures.byPathway.LONG_TERM_CONDITIONS.recovery).toMatchObject({ numerator: 1, denominator: 1 });
    expect(n.figures.byPathway.GENERAL.recovery).toMatchObject({ numerator: 1, denominator: 2 });
    expect(n.figures.byCondition).toEqual([expect.objectContaining({ condition: "DIABETES", label: "Diabetes" })]);
    // Another month has nothing to count.
    const november = await getPracticeNewsletter({ db: t.db, actor: org.staff.lead }, { practice: odsA, month: "2026-11" });
    expect(november.figures.all).toMatchObject({ received: 0, finishedTreatment: 0, atCaseness: 0 });
    const audit = await t.db.auditEvent.findMany({ where: { action: "report.view", entityId: "practice-newsletter", actorId: org.staff.lead.id } });
    expect(audit).toHaveLength(2);
  });

  it("is for report readers of the PCN only", async () => {
    await expect(getPracticeNewsletter({ db: t.db, actor: org.staff.reception }, { practice: odsA, month: "2026-10" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(getPracticeNewsletter({ db: t.db, actor: other.staff.lead }, { practice: odsA, month: "2026-10" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(getPracticeNewsletter({ db: t.db, actor: org.staff.gp }, { practice: odsA, month: "2026-13" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("downloads as CSV: the practice's and the PCN's rows, audited as an export", async () => {
    const { fileName, csv } = await exportReportCsv({ db: t.db, actor: org.staff.gp }, "practice-newsletter", { practice: odsA, month: "2026-10" });
    expect(fileName).toBe(`practice-newsletter-${odsA}-2026-10.csv`);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    const all = parsed.data.find((r) => r.area === "practice" && r.pathway === "all")!;
    expect(all).toMatchObject({
      referrals_received: "4",
      finished_treatment: "3",
      finished_at_caseness: "3",
      recovered: "2",
      recovery_rate_percent: "66.7",
    });
    expect(all.too_few_to_compare).toBe("yes");
    expect(parsed.data.find((r) => r.area === "pcn" && r.pathway === "all")).toMatchObject({ recovered: "7", too_few_to_compare: "no" });
    expect(parsed.data.find((r) => r.long_term_condition === "Diabetes" && r.area === "practice")).toMatchObject({ recovered: "1" });
    expect(await t.db.auditEvent.count({ where: { action: "report.export", entityId: "practice-newsletter" } })).toBe(1);
  });
});

describe("naming a practice's Talking Therapies practitioner", () => {
  it("a clinic lead names an active Talking Therapies clinician of the PCN; the newsletter shows them; audited", async () => {
    const lead = { db: t.db, actor: org.staff.lead };
    await setPracticePractitioner(lead, { practiceId: org.practiceIds[0], practitionerId: org.staff.therapist.id });
    const n = await getPracticeNewsletter(lead, { practice: odsA, month: "2026-10" });
    expect(n.practitioner).toEqual({ name: org.staff.therapist.name });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "practice.set-practitioner", entityId: org.practiceIds[0] } });
    expect(event).toMatchObject({ actorId: org.staff.lead.id, details: { from: null, to: org.staff.therapist.id } });
    // Cleared with an empty choice.
    await setPracticePractitioner(lead, { practiceId: org.practiceIds[0], practitionerId: "" });
    expect((await t.db.practice.findUniqueOrThrow({ where: { id: org.practiceIds[0] } })).talkingTherapiesPractitionerId).toBeNull();
  });

  it("refuses another role, another PCN's clinician, an inactive one, and anyone but a clinic lead", async () => {
    const lead = { db: t.db, actor: org.staff.lead };
    const practiceId = org.practiceIds[1];
    for (const practitionerId of [org.staff.gp.id, org.staff.buddy.id, other.staff.therapist.id]) {
      await expect(setPracticePractitioner(lead, { practiceId, practitionerId })).rejects.toMatchObject({
        code: "VALIDATION",
        message: PRACTITIONER_REFUSED,
      });
    }
    await t.db.staffUser.update({ where: { id: org.staff.therapist.id }, data: { active: false } });
    try {
      await expect(setPracticePractitioner(lead, { practiceId, practitionerId: org.staff.therapist.id })).rejects.toMatchObject({
        code: "VALIDATION",
      });
    } finally {
      await t.db.staffUser.update({ where: { id: org.staff.therapist.id }, data: { active: true } });
    }
    for (const actor of [org.staff.therapist, org.staff.gp, org.staff.reception]) {
      await expect(setPracticePractitioner({ db: t.db, actor }, { practiceId, practitionerId: org.staff.therapist.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    await expect(
      setPracticePractitioner({ db: t.db, actor: other.staff.lead }, { practiceId, practitionerId: other.staff.therapist.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await t.db.practice.findUniqueOrThrow({ where: { id: practiceId } })).talkingTherapiesPractitionerId).toBeNull();
    // The database itself refuses a GP, or another PCN's clinician, whatever code writes it.
    for (const id of [org.staff.gp.id, other.staff.therapist.id]) {
      await expect(t.db.practice.update({ where: { id: practiceId }, data: { talkingTherapiesPractitionerId: id } })).rejects.toThrow(
        /must be a Talking Therapies clinician of its PCN/,
      );
    }
    expect(await t.db.auditEvent.count({ where: { action: "practice.set-practitioner", entityId: practiceId } })).toBe(0);
  });
});

describe("the referrals export for the service's returns", () => {
  it("has a row per referral open in the period with its dates, first and last measures and versions, and outcome; each patient audited", async () => {
    const mine = await course(
      2,
      [
        c("2026-09-10", 18, 14, "ASSESSMENT"),
        { date: "2026-09-17", kind: "TREATMENT", attendance: "DID_NOT_ATTEND", phq9: null, gad7: null },
        c("2026-09-24", 13, 10),
        c("2026-10-01", 8, 6),
      ],
      {
        pathway: "LONG_TERM_CONDITIONS",
        ltcCondition: "COPD",
        referredAt: "2026-09-05",
        enteredTreatmentAt: "2026-09-24",
        closedAt: "2026-10-05",
        closedReason: "Goals met",
      },
    );
    const { fileName, csv } = await exportReferralReturnsCsv({ db: t.db, actor: org.staff.therapist }, { from: "2026-09-01", to: "2026-10-31" });
    expect(fileName).toBe("referral-returns-2026-09-01-to-2026-10-31.csv");
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(parsed.meta.fields).toEqual([...REFERRAL_RETURNS_COLUMNS]);
    expect(parsed.data).toHaveLength(10);
    expect(parsed.data.find((r) => r.referral_id === mine.referralId)).toEqual({
      referral_id: mine.referralId,
      nhs_number: mine.nhsNumber,
      practice_ods_code: expect.any(String),
      referral_received: "2026-09-05",
      referral_source: "huddle",
      pathway: "LONG_TERM_CONDITIONS",
      long_term_condition: "COPD",
      status: "FINISHED_TREATMENT",
      assessment_date: "2026-09-10",
      first_treatment_date: "2026-09-24",
      entered_treatment_date: "2026-09-24",
      end_date: "2026-10-05",
      end_reason: "Goals met",
      treatment_sessions_attended: "2",
      finished_treatment: "yes",
      first_measured_date: "2026-09-10",
      first_phq9: "18",
      first_phq9_version: "PHQ9 v1",
      first_gad7: "14",
      first_gad7_version: "GAD7 v1",
      last_measured_date: "2026-10-01",
      last_phq9: "8",
      last_phq9_version: "PHQ9 v1",
      last_gad7: "6",
      last_gad7_version: "GAD7 v1",
      caseness_at_start: "yes",
      recovered: "yes",
      reliably_improved: "yes",
      reliably_deteriorated: "no",
      reliably_recovered: "yes",
    });
    const open = parsed.data.filter((r) => r.status === "ENTERED_TREATMENT");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ end_date: "", finished_treatment: "no", recovered: "", reliably_improved: "" });
    expect(await t.db.auditEvent.count({ where: { action: "referral.export-returns", actorId: org.staff.therapist.id } })).toBe(10);
    expect(await t.db.auditEvent.count({ where: { action: "referral.export-returns", patientId: mine.patientId } })).toBe(1);
  });

  it("is refused to roles without the export and for a period backwards", async () => {
    for (const actor of [org.staff.gp, org.staff.reception, org.staff.buddy]) {
      await expect(exportReferralReturnsCsv({ db: t.db, actor }, { from: "2026-09-01", to: "2026-10-31" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    await expect(exportReferralReturnsCsv({ db: t.db, actor: org.staff.lead }, { from: "2026-10-31", to: "2026-09-01" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
