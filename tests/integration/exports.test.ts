import type { Bundle, CarePlan, Observation, Patient, QuestionnaireResponse, ServiceRequest } from "@medplum/fhirtypes";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { exportMyDayCalendar } from "@/lib/services/exports/export-my-day-calendar";
import { exportPatientDayCalendar } from "@/lib/services/exports/export-patient-day-calendar";
import { CLINICAL_DAY_LIST_COLUMNS, DAY_LIST_COLUMNS, exportDayListCsv } from "@/lib/services/exports/export-day-list-csv";
import { exportFhirBundle } from "@/lib/services/exports/export-fhir-bundle";
import { checkIn } from "@/lib/services/appointments/check-in";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { decideCase } from "@/lib/services/huddles/decide-case";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { insertTriage } from "@/tests/helpers/clinical-factories";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { loadFhirSchema, validateFhir } from "@/tests/helpers/fhir-schema";

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let gp: ServiceContext;
/** 2027-03-24 is GMT, 2027-03-31 BST (clocks go forward on the 28th). */
let dayIds: string[];
let patients: Array<{ id: string; nhsNumber: string }>;
let morningAppointmentId: string;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  reception = { db: t.db, actor: org.staff.reception };
  gp = { db: t.db, actor: org.staff.gp };
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Export clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  ({ ids: dayIds } = await createClinicDays(reception, { templateId: template.id, firstDate: "2027-03-24", weeks: 2 }));
  patients = [];
  for (let i = 0; i < 3; i++) {
    const input = demoPatientInput(300 + i, org.practiceIds);
    const p = await createPatient(reception, i === 1 ? { ...input, familyName: 'O\'Connor, "Jr"', accessibilityNeeds: "=cmd|' /C calc'!A0" } : input);
    patients.push({ id: p.id, nhsNumber: input.nhsNumber });
  }
  const slots = await t.db.slot.findMany({
    where: { session: { clinicDayId: dayIds[1], kind: "WRAP_AROUND" } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const bookedAt = { now: new Date("2027-03-01T10:00:00Z") };
  for (const [i, p] of patients.entries()) {
    const booked = await bookAppointment(reception, { slotId: slots[i].id, patientId: p.id }, bookedAt);
    if (i === 0) morningAppointmentId = booked.id;
  }
  await checkIn(reception, { appointmentId: morningAppointmentId }, { now: new Date("2027-03-31T08:55:00Z") });
  await recordPhq4({ db: t.db, actor: org.staff.buddy }, { appointmentId: morningAppointmentId, answers: [2, 1, 1, 1] });
  loadFhirSchema();
}, 180_000);

describe("FHIR Bundle of a patient's clinic day", () => {
  async function withTriageAndPlan() {
    const patientId = patients[0].id;
    const therapy = await t.db.appointment.findFirstOrThrow({ where: { patientId, clinicDayId: dayIds[1], kind: "TALKING_THERAPIES" } });
    // Triage and care plans come from features on other branches: rows written as those will, within the database's checks.
    const triage = await insertTriage(t.db, {
      appointmentId: therapy.id,
      patientId,
      presentingProblems: "Low mood since diagnosis",
      outcome: "REFER",
      pathway: "STEP_2",
      consentToReferral: true,
      recordedById: org.staff.therapist.id,
    });
    await t.db.referral.create({ data: { patientId, triageOutcomeId: triage.id, pathway: "STEP_2", referredAt: new Date("2027-03-31") } });
    await t.db.carePlan.create({
      data: {
        patientId,
        clinicDayId: dayIds[1],
        status: "FINAL",
        whatMatters: "Getting back to the allotment",
        actions: [{ kind: "SELF_CARE", description: "Walk 20 minutes daily", who: "Patient", byWhen: "2027-05-01" }],
        keyWorkerId: org.staff.buddy.id,
        nextReviewDate: new Date("2027-06-30"),
        authorId: org.staff.gp.id,
        finalisedById: org.staff.gp.id,
        finalisedAt: new Date("2027-03-31T15:00:00Z"),
      },
    });
  }

  it("validates against the official R4 schema and carries the right codes, identifiers and resources", async () => {
    await withTriageAndPlan();
    const bundle: Bundle = await exportFhirBundle(gp, { patientId: patients[0].id, clinicDayId: dayIds[1] });
    const result = validateFhir(bundle);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);

    const resources = bundle.entry!.map((e) => e.resource!);
    const types = new Set(resources.map((r) => r.resourceType));
    for (const type of ["Patient", "Organization", "Appointment", "Slot", "QuestionnaireResponse", "Observation", "ServiceRequest", "CarePlan"])
      expect(types).toContain(type);
    const patient = resources.find((r) => r.resourceType === "Patient") as Patient;
    expect(patient.identifier![0]).toEqual({ system: "https://fhir.nhs.uk/Id/nhs-number", value: patients[0].nhsNumber });
    const organization = resources.find((r) => r.resourceType === "Organization") as { identifier: Array<{ system: string; value: string }> };
    expect(organization.identifier[0].system).toBe("https://fhir.nhs.uk/Id/ods-organization-code");
    const obs = resources.find((r) => r.resourceType === "Observation") as Observation;
    expect(obs.code.coding![0]).toEqual({ system: "http://loinc.org", code: "70272-0" });
    expect(obs.valueInteger).toBe(5);
    const qr = resources.find((r) => r.resourceType === "QuestionnaireResponse") as QuestionnaireResponse;
    expect(qr.item![0].item!.map((i) => i.answer![0].valueCoding!.code)).toEqual(["LA6570-1", "LA6569-3", "LA6569-3", "LA6569-3"]);
    expect((resources.find((r) => r.resourceType === "ServiceRequest") as ServiceRequest).status).toBe("active");
    const plan = resources.find((r) => r.resourceType === "CarePlan") as CarePlan;
    expect(plan.status).toBe("active");
    expect(plan.activity![0].detail!.description).toBe("Walk 20 minutes daily");
    const appointments = resources.filter((r) => r.resourceType === "Appointment") as Array<{ status: string; start: string }>;
    expect(appointments.map((a) => a.status)).toEqual(["arrived", "booked", "booked"]);
    // 09:00 on the BST day is 08:00Z.
    expect(appointments[0].start).toBe("2027-03-31T08:00:00.000Z");

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "fhir.export", patientId: patients[0].id } });
    expect(audit.actorId).toBe(org.staff.gp.id);
  });

  it("a health buddy who is not the key worker gets the Bundle without the care plan", async () => {
    const bundle = await exportFhirBundle({ db: t.db, actor: org.staff.buddy2 }, { patientId: patients[0].id, clinicDayId: dayIds[1] });
    expect(bundle.entry!.some((e) => e.resource!.resourceType === "CarePlan")).toBe(false);
    const keyWorker = await exportFhirBundle({ db: t.db, actor: org.staff.buddy }, { patientId: patients[0].id, clinicDayId: dayIds[1] });
    expect(keyWorker.entry!.some((e) => e.resource!.resourceType === "CarePlan")).toBe(true);
  });

  it("refuses reception, and a patient with no appointment that day", async () => {
    await expectAppError(exportFhirBundle(reception, { patientId: patients[0].id, clinicDayId: dayIds[1] }), "FORBIDDEN");
    await expectAppError(exportFhirBundle(gp, { patientId: patients[0].id, clinicDayId: dayIds[0] }), "NOT_FOUND");
    await expectAppError(exportFhirBundle(gp, { patientId: "not-an-id", clinicDayId: dayIds[0] }), "VALIDATION");
  });
});

describe("referrals made at the PCN's referral huddle in the FHIR Bundle", () => {
  it("a referral made at a huddle after the clinic day is a ServiceRequest to the receiving service, validated with the rest", async () => {
    const patientId = patients[0].id;
    const lead = { db: t.db, actor: org.staff.lead };
    const at = (iso: string) => ({ now: new Date(iso) });
    const attendeeIds = [org.staff.gp.id, org.staff.therapist.id, org.staff.partner.id];
    // One huddle the week before the clinic day (its referral belongs to no Bundle of this day), one the day after.
    const before = await scheduleHuddle(lead, { date: "2027-03-22", time: "12:30", attendeeIds }, at("2027-03-19T09:00:00Z"));
    const after = await scheduleHuddle(lead, { date: "2027-04-01", time: "12:30", attendeeIds }, at("2027-03-19T09:00:00Z"));
    const early = await bringCase(gp, { patientId, huddleId: before.id, question: "Perinatal?" }, at("2027-03-22T09:00:00Z"));
    const earlier = await decideCase(lead, { caseId: early.caseId, destination: "PERINATAL", reason: "Baby due in May" }, at("2027-03-22T12:40:00Z"));
    const brought = await bringCase(gp, { patientId, huddleId: after.id, question: "Not sure which service: CMHT?" }, at("2027-03-31T16:00:00Z"));
    const decided = await decideCase(
      lead,
      { caseId: brought.caseId, destination: "CMHT", reason: "Long history of psychosis", acceptBy: "2027-04-06" },
      at("2027-04-01T12:40:00Z"),
    );

    const bundle = await exportFhirBundle(gp, { patientId, clinicDayId: dayIds[1] });
    const result = validateFhir(bundle);
    expect(result.errors).toEqual([]);
    const requests = bundle.entry!.map((e) => e.resource!).filter((r): r is ServiceRequest => r.resourceType === "ServiceRequest");
    expect(requests.map((r) => r.id)).not.toContain(earlier.referral!.referralId);
    const sr = requests.find((r) => r.id === decided.referral!.referralId)!;
    expect(sr).toMatchObject({
      status: "active",
      intent: "order",
      authoredOn: "2027-04-01",
      subject: { reference: `urn:uuid:${patientId}` },
      requester: { display: org.staff.gp.name },
      performer: [{ type: "HealthcareService", display: "Community mental health team (CMHT)" }],
      reasonCode: [{ text: "Not sure which service: CMHT?" }],
    });
    expect(sr.note!.map((n) => n.text)).toEqual([
      `PCN referral huddle, 2027-04-01: Referred to the CMHT. Reason: Long history of psychosis. Recorded by ${org.staff.lead.name}.`,
      "To be accepted by 2027-04-06.",
      `Followed up until accepted by ${org.staff.gp.name}.`,
    ]);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "fhir.export", patientId }, orderBy: { at: "desc" } });
    expect((audit.details as { resources: string[] }).resources.filter((r) => r === "ServiceRequest").length).toBe(requests.length);
  });
});

describe("day list CSV", () => {
  it("round-trips: parsing the file gives back the header and every booked patient's row", async () => {
    const { csv } = await exportDayListCsv(reception, { clinicDayId: dayIds[1] });
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...DAY_LIST_COLUMNS]);
    expect(parsed.data).toHaveLength(3);
    expect(parsed.data.map((r) => r.nhs_number)).toEqual(patients.map((p) => p.nhsNumber));
    const awkward = parsed.data[1];
    expect(awkward.family_name).toBe('O\'Connor, "Jr"');
    // A spreadsheet formula is neutralised, not run.
    expect(awkward.accessibility_needs).toBe("'=cmd|' /C calc'!A0");
    expect(parsed.data[0].appointment_start).toBe("2027-03-31T09:00:00+01:00");
    expect(parsed.data[0].date_of_birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(parsed.data[0].status).toBe("ARRIVED");
    expect(await t.db.auditEvent.count({ where: { action: "clinic-day.export-csv", actorId: org.staff.reception.id } })).toBe(3);
  });

  it("gives clinical roles the PHQ-4 total and afternoon route, and reception neither", async () => {
    const { csv: receptionCsv } = await exportDayListCsv(reception, { clinicDayId: dayIds[1] });
    expect(receptionCsv).not.toMatch(/phq4|talking_therapies/i);
    const { csv } = await exportDayListCsv(gp, { clinicDayId: dayIds[1] });
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...DAY_LIST_COLUMNS, ...CLINICAL_DAY_LIST_COLUMNS]);
    expect(parsed.data[0]).toMatchObject({ phq4_total: "5", talking_therapies: "yes" });
    expect(parsed.data[1]).toMatchObject({ phq4_total: "", talking_therapies: "no" });
  });
});

describe("calendar files", () => {
  it("a patient's day: each appointment at its instant, audited, with nothing clinical", async () => {
    const { ics } = await exportPatientDayCalendar(reception, { patientId: patients[0].id, clinicDayId: dayIds[1] });
    const unfolded = ics.replace(/\r\n[ \t]/g, "");
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(unfolded).toContain("DTSTART:20270331T080000Z");
    expect(unfolded).not.toMatch(/PHQ|Talking|therap/i);
    expect(await t.db.auditEvent.count({ where: { action: "calendar.export", patientId: patients[0].id } })).toBe(1);
  });

  it("a member of staff's own day, either side of the clock change", async () => {
    const buddy = { db: t.db, actor: org.staff.buddy };
    const winter = (await exportMyDayCalendar(buddy, { date: "2027-03-24" })).ics.replace(/\r\n[ \t]/g, "");
    const summer = (await exportMyDayCalendar(buddy, { date: "2027-03-31" })).ics.replace(/\r\n[ \t]/g, "");
    expect(winter).toContain("DTSTART:20270324T090000Z");
    expect(summer).toContain("DTSTART:20270331T080000Z");
    expect(summer).toContain("2 patients booked with you");
    expect(summer).not.toContain(patients[0].nhsNumber);
    const none = (await exportMyDayCalendar(buddy, { date: "2027-03-25" })).ics;
    expect(none).not.toContain("BEGIN:VEVENT");
    await expectAppError(exportMyDayCalendar(buddy, { date: "2027-02-30" }), "VALIDATION");
  });
});
