import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { exportReportCsv } from "@/lib/services/reports/export-report-csv";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { getPracticeReport } from "@/lib/services/reports/get-practice-report";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";
import { insertTriage } from "@/tests/helpers/clinical-factories";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

/**
 * Four weekly clinic days shaped like the published pilot: 14 booked visits,
 * 2 did not attend, 12 attended, 8 at or above the PHQ-4 threshold and seen by
 * Talking Therapies, 6 referrals accepted, 4 in treatment. Two patients come
 * twice (each visit counts), one booking is cancelled (not counted) and one
 * PHQ-4 is amended from 4 to 1 (the current one counts). Triage outcomes and
 * referrals are written directly: those services are another feature's.
 */
type Plan = {
  day: number;
  patient: number;
  dna?: boolean;
  answers?: [number, number, number, number];
  amendTo?: [number, number, number, number];
  triage?: "REFER" | "STANDALONE_SUPPORT";
  referral?: "REFERRED" | "ACCEPTED" | "ENTERED_TREATMENT" | "DECLINED";
};
const POS: [number, number, number, number] = [2, 1, 1, 1];
const NEG: [number, number, number, number] = [0, 1, 0, 0];
const PLAN: Plan[] = [
  { day: 0, patient: 0, answers: POS, triage: "REFER", referral: "ENTERED_TREATMENT" },
  { day: 0, patient: 1, answers: NEG },
  { day: 0, patient: 2, dna: true },
  { day: 0, patient: 3, answers: [1, 1, 1, 0], triage: "REFER", referral: "ACCEPTED" },
  { day: 1, patient: 4, answers: POS, triage: "REFER", referral: "ENTERED_TREATMENT" },
  { day: 1, patient: 5, answers: [1, 1, 1, 1], amendTo: [1, 0, 0, 0] },
  { day: 1, patient: 6, answers: POS, triage: "STANDALONE_SUPPORT" },
  { day: 1, patient: 0, answers: NEG },
  { day: 2, patient: 7, answers: [3, 3, 3, 3], triage: "REFER", referral: "ENTERED_TREATMENT" },
  { day: 2, patient: 8, dna: true },
  { day: 2, patient: 9, answers: POS, triage: "REFER", referral: "DECLINED" },
  { day: 3, patient: 10, answers: POS, triage: "REFER", referral: "ENTERED_TREATMENT" },
  { day: 3, patient: 11, answers: POS, triage: "REFER", referral: "ACCEPTED" },
  { day: 3, patient: 1, answers: NEG },
];
const FIRST = "2027-05-05";
const DATES = ["2027-05-05", "2027-05-12", "2027-05-19", "2027-05-26"];

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "buddy" | "buddy2" | "therapist" | "gp" | "lead", ServiceContext>;
let clinicId: string;
const patientIds: string[] = [];
const period = { from: "2027-05-01", to: "2027-05-31" };

function plusDays(date: string, n: number): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d;
}

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const ctx = (key: keyof typeof as): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  as = { reception: ctx("reception"), buddy: ctx("buddy"), buddy2: ctx("buddy2"), therapist: ctx("therapist"), gp: ctx("gp"), lead: ctx("lead") };
  clinicId = (await createClinic(as.lead, { name: "Pilot clinic", siteId: org.siteId })).id;
  const template = await createClinicTemplate(as.lead, { clinicId, name: "Pilot day", sessions: standardTemplateSessions(org) });
  const days = await createClinicDays(as.reception, { templateId: template.id, firstDate: FIRST, weeks: 4 });
  for (let i = 0; i < 12; i++) patientIds.push((await createPatient(as.reception, demoPatientInput(i, org.practiceIds))).id);

  const used = new Map<number, number>();
  for (const plan of PLAN) {
    const clinicDayId = days.ids[plan.day];
    const date = DATES[plan.day];
    const slots = await t.db.slot.findMany({
      where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    });
    const n = used.get(plan.day) ?? 0;
    used.set(plan.day, n + 1);
    const slot = slots[n];
    const patientId = patientIds[plan.patient];
    const { id: appointmentId } = await bookAppointment(as.reception, { slotId: slot.id, patientId });
    const at = (minutes: number) => ({ now: new Date(slot.startsAt.getTime() + minutes * 60_000) });
    if (plan.dna) {
      await markNoShow(as.reception, { appointmentId }, at(30));
      continue;
    }
    const buddy = slot.column === 0 ? as.buddy : as.buddy2;
    await checkIn(as.reception, { appointmentId }, at(-10));
    await recordWrapAroundCheck(buddy, { appointmentId, systolic: 128, diastolic: 82 }, at(5));
    await recordPhq4(buddy, { appointmentId, answers: plan.answers! }, at(15));
    if (plan.amendTo) await recordPhq4(buddy, { appointmentId, answers: plan.amendTo, amendReason: "Answers were read back wrongly" }, at(18));
    await finishMorningAppointment(buddy, { appointmentId }, at(25));

    const afternoon = await t.db.appointment.findMany({
      where: { clinicDayId, patientId, kind: { not: "WRAP_AROUND" }, activeSlotId: { not: null } },
      include: { slot: true },
      orderBy: { slot: { startsAt: "asc" } },
    });
    for (const a of afternoon) {
      const who = a.kind === "TALKING_THERAPIES" ? as.therapist : as.gp;
      await startAfternoonAppointment(who, { appointmentId: a.id }, { now: new Date(a.slot.startsAt.getTime() + 5 * 60_000) });
      await finishAfternoonAppointment(who, { appointmentId: a.id }, { now: new Date(a.slot.endsAt.getTime()) });
      if (a.kind === "TALKING_THERAPIES" && plan.triage) {
        const outcome = await insertTriage(t.db, {
          appointmentId: a.id,
          patientId,
          presentingProblems: "Low mood with worry about managing diabetes",
          outcome: plan.triage,
          pathway: plan.triage === "REFER" ? "LONG_TERM_CONDITIONS" : null,
          consentToReferral: plan.triage === "REFER",
          recordedById: org.staff.therapist.id,
        });
        if (plan.referral) {
          const s = plan.referral;
          await t.db.referral.create({
            data: {
              patientId,
              triageOutcomeId: outcome.id,
              pathway: "LONG_TERM_CONDITIONS",
              status: s,
              referredAt: plusDays(date, 0),
              acceptedAt: s === "ACCEPTED" || s === "ENTERED_TREATMENT" ? plusDays(date, 7) : null,
              enteredTreatmentAt: s === "ENTERED_TREATMENT" ? plusDays(date, 21) : null,
              closedAt: s === "DECLINED" ? plusDays(date, 3) : null,
            },
          });
        }
      }
    }
  }
  // A cancelled booking is not a visit.
  const slots = await t.db.slot.findMany({
    where: { session: { clinicDayId: days.ids[3], kind: "WRAP_AROUND" } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const cancelled = await bookAppointment(as.reception, { slotId: slots[10].id, patientId: patientIds[5] });
  await cancelAppointment(as.reception, { appointmentId: cancelled.id, reason: "Patient is away that week" });
}, 240_000);

describe("the clinic funnel", () => {
  it("shows the pilot's 12 / 8 / 6 / 4 from the stored records", async () => {
    const report = await getClinicReport(as.lead, period);
    expect(report.counts).toEqual({
      booked: 14,
      attended: 12,
      screenedPositive: 8,
      seenByTalkingTherapies: 8,
      broughtIntoService: 6,
      wentOnToTreatment: 4,
    });
    expect(report.funnel.map((r) => [r.count, r.percentOfPrevious])).toEqual([
      [14, null],
      [12, 85.7],
      [8, 66.7],
      [8, 100],
      [6, 75],
      [4, 66.7],
    ]);
    expect(report.attendance).toEqual({ booked: 14, attended: 12, noShows: 2, stillBooked: 0, noShowRatePercent: 14.3 });
    expect(report.seenWithoutPositive).toBe(0);
  });

  it("counts by practice, the practices adding up to the whole", async () => {
    const report = await getClinicReport(as.gp, period);
    const expected = new Map<string, number[]>();
    for (const plan of PLAN) {
      const practiceId = org.practiceIds[plan.patient % 3];
      const row = expected.get(practiceId) ?? [0, 0, 0, 0, 0, 0];
      const positive = Boolean(plan.answers && !plan.amendTo && plan.answers.reduce((a, b) => a + b, 0) >= 3);
      const accepted = plan.referral === "ACCEPTED" || plan.referral === "ENTERED_TREATMENT";
      [true, !plan.dna, positive, positive, accepted, plan.referral === "ENTERED_TREATMENT"].forEach((hit, i) => (row[i] += hit ? 1 : 0));
      expected.set(practiceId, row);
    }
    const practices = await t.db.practice.findMany({ where: { id: { in: org.practiceIds } } });
    for (const p of practices) {
      const row = report.byPractice.find((r) => r.odsCode === p.odsCode)!;
      expect(Object.values(row.counts), p.name).toEqual(expected.get(p.id));
    }
    const one = practices[0];
    const filtered = await getClinicReport(as.gp, { ...period, practice: one.odsCode });
    expect(Object.values(filtered.counts)).toEqual(expected.get(one.id));
    expect(filtered.byPractice.map((r) => r.odsCode)).toEqual([one.odsCode]);
  });

  it("filters by clinic and period, and refuses another PCN's clinic or practice", async () => {
    const firstWeek = await getClinicReport(as.lead, { from: DATES[0], to: DATES[0], clinicId });
    expect(firstWeek.counts).toMatchObject({ booked: 4, attended: 3, screenedPositive: 2, wentOnToTreatment: 1 });
    expect(firstWeek.filter.clinicName).toBe("Pilot clinic");
    const other = await createOrganisation(t.db, { suffix: "rep" });
    const otherClinic = await createClinic({ db: t.db, actor: other.staff.lead }, { name: "Elsewhere", siteId: other.siteId });
    await expectAppError(getClinicReport(as.lead, { ...period, clinicId: otherClinic.id }), "NOT_FOUND");
    const otherPractice = await t.db.practice.findFirstOrThrow({ where: { pcnId: other.pcnId } });
    await expectAppError(getClinicReport(as.lead, { ...period, practice: otherPractice.odsCode }), "NOT_FOUND");
    expect((await getClinicReport({ db: t.db, actor: other.staff.lead }, period)).counts.booked).toBe(0);
  });

  it("refuses roles without report:view and bad periods, and audits views without patients", async () => {
    await expectAppError(getClinicReport(as.reception, period), "FORBIDDEN");
    await expectAppError(getClinicReport(as.therapist, period), "FORBIDDEN");
    const bad = await expectAppError(getClinicReport(as.lead, { from: "2027-05-31", to: "2027-05-01" }), "VALIDATION");
    expect(bad.fieldErrors).toHaveProperty("to");
    await getClinicReport(as.lead, period);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "report.view", actorId: org.staff.lead.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ patientId: null, entityType: "Report", entityId: "clinic-funnel" });
    expect(audit.details).toMatchObject({ from: period.from, to: period.to });
  });

  it("measures slot use per session and the times through the day", async () => {
    const report = await getClinicReport(as.lead, period);
    const morning = report.slotUse.find((s) => s.kind === "WRAP_AROUND")!;
    // 18 morning slots a day (two stations, 09:00–12:00 in 20 minutes), four days.
    expect(morning).toMatchObject({ slots: 72, booked: 14, attended: 12, noShows: 2 });
    const therapy = report.slotUse.find((s) => s.kind === "TALKING_THERAPIES")!;
    expect(therapy).toMatchObject({ slots: 24, booked: 8, attended: 8 });
    const times = new Map(report.times.map((r) => [r.measure, r]));
    expect(times.get("arrivalToLeaving")!.visits).toBe(12);
    // Checked in 10 minutes early, wrap-around check at 5 minutes past the slot.
    expect(times.get("waitMorning")).toMatchObject({ visits: 12, medianMinutes: 5 });
    expect(times.get("waitTalkingTherapies")).toMatchObject({ visits: 8, medianMinutes: 5 });
    expect(times.get("waitGp")!.visits).toBe(12);
    expect(times.get("arrivalToLeaving")!.medianMinutes).toBeGreaterThan(60);
  });
});

describe("the monthly practice report", () => {
  it("gives a practice its referrals from the clinic and where they stand", async () => {
    const practice = await t.db.practice.findUniqueOrThrow({ where: { id: org.practiceIds[0] } });
    const report = await getPracticeReport(as.gp, { practice: practice.odsCode, month: "2027-05" });
    // Practice 0 holds patients 0, 3, 6, 9: two visits of patient 0, 3 referred and accepted, 6 standalone, 9 declined.
    expect(report.counts).toEqual({
      booked: 5,
      attended: 5,
      screenedPositive: 4,
      seenByTalkingTherapies: 4,
      broughtIntoService: 2,
      wentOnToTreatment: 1,
    });
    expect(report.referralTotals).toEqual({ referred: 3, awaiting: 0, accepted: 2, inTreatment: 1, treatmentEnded: 0, declined: 1, didNotEngage: 0 });
    expect(report.triage).toEqual([
      { outcome: "REFER", count: 3 },
      { outcome: "STANDALONE_SUPPORT", count: 1 },
    ]);
    expect(report.medianDaysToAccept).toBe(7);
    expect(report.monthLabel).toBe("May 2027");
    await expectAppError(getPracticeReport(as.gp, { practice: "NOPE1", month: "2027-05" }), "NOT_FOUND");
    await expectAppError(getPracticeReport(as.gp, { practice: practice.odsCode, month: "2027-13" }), "VALIDATION");
  });
});

describe("report CSVs", () => {
  it("round-trip through a CSV parser: header row, ISO dates, the same numbers", async () => {
    const { csv, fileName } = await exportReportCsv(as.lead, "funnel", { ...period, clinicId });
    expect(fileName).toBe("funnel-2027-05-01-to-2027-05-31.csv");
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      "period_from",
      "period_to",
      "clinic",
      "practice_ods",
      "step",
      "label",
      "patients",
      "percent_of_previous_step",
      "percent_of_booked",
    ]);
    expect(parsed.data.map((r) => [r.step, Number(r.patients)])).toEqual([
      ["booked", 14],
      ["attended", 12],
      ["screened_positive", 8],
      ["seen_by_talking_therapies", 8],
      ["brought_into_service", 6],
      ["went_on_to_treatment", 4],
    ]);
    expect(parsed.data[0]).toMatchObject({
      period_from: "2027-05-01",
      period_to: "2027-05-31",
      clinic: "Pilot clinic",
      percent_of_previous_step: "",
    });
    expect(parsed.data[1].percent_of_previous_step).toBe("85.7");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "report.export" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ patientId: null, entityId: "funnel" });
  });

  it("exports every report with a header row", async () => {
    const practice = await t.db.practice.findUniqueOrThrow({ where: { id: org.practiceIds[0] } });
    const byPractice = Papa.parse<Record<string, string>>((await exportReportCsv(as.gp, "practices", period)).csv, {
      header: true,
      skipEmptyLines: true,
    });
    expect(byPractice.data.reduce((n, r) => n + Number(r.went_on_to_treatment), 0)).toBe(4);
    expect(byPractice.data.find((r) => r.practice_ods === practice.odsCode)).toMatchObject({
      practice_name: practice.name,
      booked: "5",
      did_not_attend: "0",
    });
    const slots = Papa.parse<Record<string, string>>((await exportReportCsv(as.lead, "slot-use", period)).csv, {
      header: true,
      skipEmptyLines: true,
    });
    expect(slots.data.map((r) => r.session)).toEqual(["WRAP_AROUND", "TALKING_THERAPIES", "GP"]);
    const times = Papa.parse<Record<string, string>>((await exportReportCsv(as.lead, "waiting-times", period)).csv, {
      header: true,
      skipEmptyLines: true,
    });
    expect(times.data.find((r) => r.measure === "waitMorning")).toMatchObject({ visits: "12", median_minutes: "5" });
    const month = await exportReportCsv(as.gp, "practice-month", { practice: practice.odsCode, month: "2027-05" });
    expect(month.fileName).toBe(`practice-${practice.odsCode}-2027-05.csv`);
    const rows = Papa.parse<Record<string, string>>(month.csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.section === "referral" && r.item === "DECLINED")).toMatchObject({
      pathway: "LONG_TERM_CONDITIONS",
      count: "1",
      period_from: "2027-05-01",
      period_to: "2027-05-31",
    });
    await expectAppError(exportReportCsv(as.lead, "nothing", period), "VALIDATION");
    await expectAppError(exportReportCsv(as.reception, "funnel", period), "FORBIDDEN");
  });
});
