/**
 * The referral huddle in the clinic and practice reports (issue 14), on huddles
 * with known answers, made through the huddle's own services with the clock of
 * each moment (March 2026, GMT):
 *
 * - H1 Monday 2 March, H2 Tuesday 3 March, H3 Monday 9 March (all PCN huddles);
 * - A brought 2 March, at H1 referred to the CMHT, accepted there by its partner (0 days, accepted 0 days after);
 * - B brought Sunday 1 March, deferred at H1, carried to H2 and referred there to secondary care psychotherapy
 *   (2 days from first bringing; counted once); brought again 6 March (B2), and at H3 the psychotherapy partner
 *   accepts that same referral (3 days for B2; the referral accepted 6 days after its first decision);
 * - C brought 2 March, at H1 accepted by Talking Therapies into step 3 (0 days);
 * - D brought 6 March to H3 and never decided;
 * - E (another practice) brought 2 March to H2, back to the GP there (1 day);
 * - F brought 2 March, at H1 referred to perinatal and never accepted: overdue since its accept-by date, 9 March.
 */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/db/context";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { decideCase } from "@/lib/services/huddles/decide-case";
import { rollOverCases } from "@/lib/services/huddles/roll-over-cases";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { createPatient } from "@/lib/services/patients/create-patient";
import { exportReportCsv } from "@/lib/services/reports/export-report-csv";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { getPracticeReport } from "@/lib/services/reports/get-practice-report";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let as: Record<"reception" | "gp" | "therapist" | "lead", ServiceContext>;
let odsCodes: string[];
const at = (iso: string) => ({ now: new Date(iso) });
const MARCH = { from: "2026-03-01", to: "2026-03-31" };

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const ctx = (key: keyof typeof as): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  as = { reception: ctx("reception"), gp: ctx("gp"), therapist: ctx("therapist"), lead: ctx("lead") };
  const practices = await t.db.practice.findMany({ where: { id: { in: org.practiceIds } }, select: { id: true, odsCode: true } });
  odsCodes = org.practiceIds.map((id) => practices.find((p) => p.id === id)!.odsCode);

  const patient = async (seq: number, practice = 0) =>
    (await createPatient(as.reception, demoPatientInput(seq, [org.practiceIds[practice]], 700))).id;
  const [a, b, c, d, e, f] = [await patient(1), await patient(2), await patient(3), await patient(4), await patient(5, 1), await patient(6)];

  const attendees = [org.staff.gp.id, org.staff.therapist.id, org.staff.partner.id, org.staff.partner2.id];
  const schedule = (date: string) => scheduleHuddle(as.lead, { date, time: "12:30", attendeeIds: attendees }, at("2026-02-27T09:00:00Z"));
  const h1 = await schedule("2026-03-02");
  const h2 = await schedule("2026-03-03");
  const h3 = await schedule("2026-03-09");

  const bring = (patientId: string, huddleId: string, when: string, question = "Not sure which service") =>
    bringCase(as.gp, { patientId, huddleId, question }, at(when));
  const caseA = await bring(a, h1.id, "2026-03-02T09:00:00Z");
  const caseB = await bring(b, h1.id, "2026-03-01T10:00:00Z", "Too complex for step 3?");
  const caseC = await bring(c, h1.id, "2026-03-02T09:30:00Z");
  const caseF = await bring(f, h1.id, "2026-03-02T10:00:00Z", "Six months after the birth: perinatal or Talking Therapies?");
  const caseE = await bring(e, h2.id, "2026-03-02T16:00:00Z");

  const decide = (input: Record<string, unknown>, when: string) => decideCase(as.lead, input, at(when));
  await decide(
    { caseId: caseA.caseId, destination: "CMHT", reason: "Psychosis history", acceptedById: org.staff.partner.id },
    "2026-03-02T12:35:00Z",
  );
  await decide(
    { caseId: caseB.caseId, destination: "DEFERRED", reason: "Needs the psychiatry letter", whatIsNeeded: "Last clinic letter" },
    "2026-03-02T12:40:00Z",
  );
  await decide(
    { caseId: caseC.caseId, destination: "TALKING_THERAPIES", pathway: "STEP_3", reason: "Fits step 3", acceptedById: org.staff.therapist.id },
    "2026-03-02T12:42:00Z",
  );
  await decide({ caseId: caseF.caseId, destination: "PERINATAL", reason: "Within a year of the birth" }, "2026-03-02T12:45:00Z");
  const rolled = await rollOverCases(as.lead, { huddleId: h1.id }, at("2026-03-02T13:00:00Z"));
  expect(rolled.nextHuddleId).toBe(h2.id);
  const carriedB = rolled.carried.find((x) => x.patientId === b)!;

  await decide(
    { caseId: carriedB.caseId, destination: "SECONDARY_CARE_PSYCHOTHERAPY", reason: "Long-standing relational difficulties" },
    "2026-03-03T12:35:00Z",
  );
  await decide({ caseId: caseE.caseId, destination: "BACK_TO_GP", reason: "Medication review first" }, "2026-03-03T12:40:00Z");

  const caseB2 = await bring(b, h3.id, "2026-03-06T11:00:00Z", "Referral sent on the 3rd: can psychotherapy take it?");
  await bring(d, h3.id, "2026-03-06T11:30:00Z");
  await decide(
    { caseId: caseB2.caseId, destination: "SECONDARY_CARE_PSYCHOTHERAPY", reason: "Accepted for assessment", acceptedById: org.staff.partner2.id },
    "2026-03-09T12:35:00Z",
  );
}, 180_000);

describe("the huddle in the clinic report", () => {
  it("counts cases by first bringing, each once, with where they went and the days behind each median", async () => {
    const { huddle } = await getClinicReport(as.lead, MARCH);
    expect(huddle).toMatchObject({
      brought: 7,
      decided: 6,
      stillOpen: 1,
      deferredOnce: 1,
      // 0, 0, 0 (A, C, F), 1 (E), 2 (B from its first bringing), 3 (B2).
      daysToDecision: { median: 0.5, cases: 6 },
      referrals: { made: 4, accepted: 3, awaiting: 1, overdue: 1, closedWithoutAcceptance: 0 },
      // 0 (A), 0 (C), 6 (B's referral, decided on the 3rd and accepted on the 9th).
      daysToAcceptance: { median: 0, referrals: 3 },
    });
    expect(Object.fromEntries(huddle.byDestination.map((r) => [r.destination, r.count]))).toEqual({
      TALKING_THERAPIES: 1,
      CMHT: 1,
      SECONDARY_CARE_PSYCHOTHERAPY: 2,
      STEP_4_INTERFACE: 0,
      PERINATAL: 1,
      OTHER_SERVICE: 0,
      BACK_TO_GP: 1,
      SOCIAL_PRESCRIBING: 0,
    });
  });

  it("a case belongs to the period it was first brought in, counted with its decision as it stands now", async () => {
    // From 2 March: B (first brought on the 1st) is left out, though it was decided in the period.
    const fromSecond = (await getClinicReport(as.lead, { from: "2026-03-02", to: "2026-03-31" })).huddle;
    expect(fromSecond).toMatchObject({ brought: 6, decided: 5, deferredOnce: 0, daysToDecision: { median: 0, cases: 5 } });
    // Only the 1st: B alone, decided after the period (2 days), its referral accepted 6 days after its decision.
    const first = (await getClinicReport(as.lead, { from: "2026-03-01", to: "2026-03-01" })).huddle;
    expect(first).toMatchObject({
      brought: 1,
      decided: 1,
      deferredOnce: 1,
      daysToDecision: { median: 2, cases: 1 },
      referrals: { made: 1, accepted: 1, awaiting: 0, overdue: 0 },
      daysToAcceptance: { median: 6, referrals: 1 },
    });
    const none = (await getClinicReport(as.lead, { from: "2026-04-01", to: "2026-04-30" })).huddle;
    expect(none).toMatchObject({ brought: 0, decided: 0, daysToDecision: { median: null, cases: 0 }, daysToAcceptance: { median: null } });
  });

  it("filters by the patient's practice", async () => {
    const other = (await getClinicReport(as.gp, { ...MARCH, practice: odsCodes[1] })).huddle;
    expect(other).toMatchObject({ brought: 1, decided: 1, daysToDecision: { median: 1, cases: 1 }, referrals: { made: 0 } });
    expect(other.byDestination.find((r) => r.destination === "BACK_TO_GP")).toMatchObject({ count: 1, percentOfDecided: 100 });
    const own = (await getClinicReport(as.gp, { ...MARCH, practice: odsCodes[0] })).huddle;
    expect(own).toMatchObject({ brought: 6, decided: 5, referrals: { made: 4 } });
  });

  it("another PCN sees none of it", async () => {
    const other = await createOrganisation(t.db, { suffix: "hr", name: "Other PCN" });
    const report = await getClinicReport({ db: t.db, actor: other.staff.lead }, MARCH);
    expect(report.huddle).toMatchObject({ brought: 0, decided: 0, referrals: { made: 0 } });
  });

  it("downloads as CSV, one measure a row with the count behind each median, and the download is audited", async () => {
    const file = await exportReportCsv(as.lead, "huddle", MARCH);
    expect(file.fileName).toBe("huddle-2026-03-01-to-2026-03-31.csv");
    const rows = Papa.parse<Record<string, string>>(file.csv, { header: true, skipEmptyLines: true }).data;
    const row = (item: string) => rows.find((r) => r.item === item);
    expect(row("brought")).toMatchObject({ measure: "cases", count: "7", period_from: "2026-03-01", practice_ods: "All practices" });
    expect(row("secondary_care_psychotherapy")).toMatchObject({ measure: "destination", count: "2" });
    expect(row("bringing_to_decision")).toMatchObject({ count: "6", median_days: "0.5" });
    expect(row("decision_to_acceptance")).toMatchObject({ count: "3", median_days: "0" });
    expect(row("overdue")).toMatchObject({ count: "1" });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "report.export", entityId: "huddle" } });
    expect(audit.patientId).toBeNull();
  });
});

describe("the huddle in the practice report", () => {
  it("shows the practice's own patients' huddle cases for the month, on the page and in its CSV", async () => {
    const report = await getPracticeReport(as.gp, { practice: odsCodes[0], month: "2026-03" });
    expect(report.huddle).toMatchObject({
      brought: 6,
      decided: 5,
      // 0, 0, 0, 2, 3
      daysToDecision: { median: 0, cases: 5 },
      referrals: { made: 4, accepted: 3, overdue: 1 },
      daysToAcceptance: { median: 0, referrals: 3 },
    });
    const csv = await exportReportCsv(as.gp, "practice-month", { practice: odsCodes[1], month: "2026-03" });
    const rows = Papa.parse<Record<string, string>>(csv.csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.section === "huddle_cases" && r.item === "brought")).toMatchObject({ count: "1", period_from: "2026-03-01" });
    expect(rows.find((r) => r.section === "huddle_destination" && r.item === "back_to_gp")).toMatchObject({ count: "1" });
    expect(rows.find((r) => r.section === "huddle_days" && r.item === "bringing_to_decision")).toMatchObject({ count: "1", median_days: "1" });
  });
});
