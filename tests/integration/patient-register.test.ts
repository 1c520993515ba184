import { beforeAll, describe, expect, it } from "vitest";
import { formatNhsNumber, NHS_NUMBER_CHARACTERS_MESSAGE, NHS_NUMBER_PLACEHOLDER_MESSAGE } from "@/lib/nhs-number";
import { instantToLondonTime } from "@/lib/schedule";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { previewPatientImport } from "@/lib/services/patients/preview-patient-import";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { updatePatient } from "@/lib/services/patients/update-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { expectAppError } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let reception: ServiceContext;
let gp: ServiceContext;
let otherReception: ServiceContext;
const ids: string[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "b2", name: "Other PCN" });
  reception = { db: t.db, actor: org.staff.reception };
  gp = { db: t.db, actor: org.staff.gp };
  otherReception = { db: t.db, actor: other.staff.reception };
  for (let seq = 0; seq < 6; seq++) ids.push((await createPatient(reception, demoPatientInput(seq, org.practiceIds))).id);
});

const spaced = (nhs: string) => nhs.replace(/^(\d{3})(\d{3})(\d{4})$/, "$1 $2 $3");

describe("searching the register", () => {
  it("finds a patient by NHS number typed with spaces, and audits the view", async () => {
    const input = demoPatientInput(2, org.practiceIds);
    const result = await searchPatients(reception, { q: spaced(String(input.nhsNumber)) });
    expect(result.kind).toBe("nhs-number");
    expect(result.patients.map((p) => p.id)).toEqual([ids[2]]);
    expect(result.patients[0]).toMatchObject({
      givenName: input.givenName,
      familyName: input.familyName,
      dateOfBirth: input.dateOfBirth,
      practiceName: "Oak Lane Health Centre",
    });
    const events = await t.db.auditEvent.findMany({ where: { action: "patient.search", patientId: ids[2] } });
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({ searchKind: "nhs-number", results: 1 });
  });

  it("shows each patient's language and interpreter need in the results", async () => {
    for (const seq of [0, 5]) {
      const input = demoPatientInput(seq, org.practiceIds);
      const [found] = (await searchPatients(reception, { q: String(input.nhsNumber) })).patients;
      expect(found.language).toEqual({ preferredLanguage: input.preferredLanguage, interpreterNeeded: input.interpreterNeeded });
    }
    expect(demoPatientInput(5, org.practiceIds)).toMatchObject({ preferredLanguage: "Punjabi", interpreterNeeded: true });
  });

  it("finds by part of a name, in any case, every word matching", async () => {
    const a = demoPatientInput(0, org.practiceIds);
    const byFamily = await searchPatients(reception, { q: String(a.familyName).slice(0, 3).toUpperCase() });
    expect(byFamily.kind).toBe("name");
    expect(byFamily.patients.map((p) => p.id)).toContain(ids[0]);
    const both = await searchPatients(reception, { q: `${String(a.givenName).toLowerCase()} ${a.familyName}` });
    expect(both.patients.map((p) => p.id)).toEqual([ids[0]]);
    const none = await searchPatients(reception, { q: `${a.givenName} Nobody` });
    expect(none.patients).toEqual([]);
  });

  it("finds by date of birth in either form", async () => {
    const dob = String(demoPatientInput(3, org.practiceIds).dateOfBirth);
    const iso = await searchPatients(reception, { q: dob });
    expect(iso.kind).toBe("date-of-birth");
    expect(iso.patients.map((p) => p.id)).toContain(ids[3]);
    const [y, m, d] = dob.split("-");
    const uk = await searchPatients(reception, { q: `${d}/${m}/${y}` });
    expect(uk.patients.map((p) => p.id)).toEqual(iso.patients.map((p) => p.id));
  });

  it("explains a search that cannot be right", async () => {
    const error = await expectAppError(searchPatients(reception, { q: "4857773456" }), "VALIDATION");
    expect(error.fieldErrors?.q).toMatch(/check digit/);
  });

  it("does not find another PCN's patients", async () => {
    const input = demoPatientInput(1, org.practiceIds);
    const result = await searchPatients(otherReception, { q: String(input.nhsNumber) });
    expect(result.patients).toEqual([]);
    const byName = await searchPatients(otherReception, { q: String(input.familyName) });
    expect(byName.patients).toEqual([]);
    await expectAppError(getPatientRecord(otherReception, { id: ids[1] }), "NOT_FOUND");
  });

  it("lets every role search, since each needs to find the person in front of them", async () => {
    const result = await searchPatients(gp, { q: String(demoPatientInput(4, org.practiceIds).nhsNumber) });
    expect(result.patients).toHaveLength(1);
  });
});

describe("a patient's record", () => {
  it("shows demographics and appointments, audited as a view", async () => {
    const record = await getPatientRecord(reception, { id: ids[4] });
    expect(record).toMatchObject({ id: ids[4], nhsNumber: demoPatientInput(4, org.practiceIds).nhsNumber, appointments: [] });
    expect(Object.keys(record)).not.toContain("phq4Assessments");
    expect(await t.db.auditEvent.count({ where: { action: "patient.view", patientId: ids[4] } })).toBe(1);
  });

  it("lists the patient's appointments by London time", async () => {
    const lead = { db: t.db, actor: org.staff.lead };
    const clinic = await createClinic(lead, { name: "Record clinic", siteId: org.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
    const { ids: days } = await createClinicDays(reception, { templateId: template.id, firstDate: "2027-07-07", weeks: 1 });
    const slot = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: days[0], kind: "WRAP_AROUND" } },
      orderBy: { startsAt: "asc" },
    });
    await t.db.appointment.create({
      data: { patientId: ids[3], clinicDayId: days[0], slotId: slot.id, kind: "WRAP_AROUND", activeSlotId: slot.id, activeMorningDayId: days[0] },
    });
    const record = await getPatientRecord(reception, { id: ids[3] });
    expect(record.appointments).toHaveLength(1);
    expect(record.appointments[0]).toMatchObject({ date: "2027-07-07", clinicName: "Record clinic", kind: "WRAP_AROUND", status: "BOOKED" });
    expect(instantToLondonTime(record.appointments[0].startsAt)).toBe("09:00");
  });
});

describe("changing a patient", () => {
  it("stores the change and audits the field names, not the values", async () => {
    const input = demoPatientInput(5, org.practiceIds);
    const result = await updatePatient(reception, { ...input, id: ids[5], phone: "", familyName: "Changed-Name", longTermConditions: ["COPD"] });
    expect([...result.changed].sort()).toEqual(["familyName", "longTermConditions", ...(input.phone ? ["phone"] : [])].sort());
    const stored = await t.db.patient.findUniqueOrThrow({ where: { id: ids[5] } });
    expect(stored).toMatchObject({ familyName: "Changed-Name", phone: null, longTermConditions: ["COPD"] });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.update", patientId: ids[5] } });
    expect(event.details).toEqual({ changed: result.changed });
    expect(JSON.stringify(event.details)).not.toContain("Changed-Name");
  });

  it("refuses an NHS number another patient has, linking to them, and changes nothing", async () => {
    const mine = demoPatientInput(0, org.practiceIds);
    const theirs = demoPatientInput(1, org.practiceIds);
    const error = await expectAppError(updatePatient(reception, { ...mine, id: ids[0], nhsNumber: spaced(String(theirs.nhsNumber)) }), "CONFLICT");
    expect(error.details).toMatchObject({ existingPatientId: ids[1], href: `/patients/${ids[1]}` });
    expect(error.fieldErrors?.nhsNumber).toBeDefined();
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: ids[0] } })).nhsNumber).toBe(mine.nhsNumber);
  });

  it("refuses bad input per field", async () => {
    const error = await expectAppError(
      updatePatient(reception, { ...demoPatientInput(0, org.practiceIds), id: ids[0], email: "nope", dateOfBirth: "2999-01-01" }),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["dateOfBirth", "email"]);
  });

  it("refuses another PCN's patient and another PCN's practice", async () => {
    await expectAppError(updatePatient(otherReception, { ...demoPatientInput(0, other.practiceIds), id: ids[0] }), "NOT_FOUND");
    const error = await expectAppError(updatePatient(reception, { ...demoPatientInput(0, other.practiceIds), id: ids[0] }), "VALIDATION");
    expect(error.fieldErrors?.practiceId).toBeDefined();
  });

  it("refuses roles without the permission", async () => {
    await expectAppError(updatePatient(gp, { ...demoPatientInput(0, org.practiceIds), id: ids[0] }), "FORBIDDEN");
    await expectAppError(createPatient(gp, demoPatientInput(30, org.practiceIds)), "FORBIDDEN");
  });
});

describe("NHS numbers as typed", () => {
  // Each would once have been stored as 10 digits: dashes, tabs and line breaks
  // stripped, and 0000000000 passes the modulus 11 check.
  const refused: Array<[string, (nhs: string) => string, string]> = [
    ["all zeros", () => "0000000000", NHS_NUMBER_PLACEHOLDER_MESSAGE],
    ["all zeros in groups", () => "000 000 0000", NHS_NUMBER_PLACEHOLDER_MESSAGE],
    ["dashes", (nhs) => formatNhsNumber(nhs).replace(/ /g, "-"), NHS_NUMBER_CHARACTERS_MESSAGE],
    ["tabs", (nhs) => formatNhsNumber(nhs).replace(/ /g, "\t"), NHS_NUMBER_CHARACTERS_MESSAGE],
    ["a line break", (nhs) => `${nhs.slice(0, 5)}\n${nhs.slice(5)}`, NHS_NUMBER_CHARACTERS_MESSAGE],
    ["a trailing line break", (nhs) => `${nhs}\n`, NHS_NUMBER_CHARACTERS_MESSAGE],
  ];

  it.each(refused)("refuses a new patient's NHS number with %s, with a field message, and stores nothing", async (_name, typed, message) => {
    const input = demoPatientInput(40, org.practiceIds);
    const before = await t.db.patient.count();
    const error = await expectAppError(createPatient(reception, { ...input, nhsNumber: typed(String(input.nhsNumber)) }), "VALIDATION");
    expect(error.fieldErrors).toEqual({ nhsNumber: message });
    expect(await t.db.patient.count()).toBe(before);
    expect(await t.db.patient.count({ where: { nhsNumber: { in: [String(input.nhsNumber), "0000000000"] } } })).toBe(0);
  });

  it.each(refused)("refuses a change to an NHS number with %s, and changes nothing", async (_name, typed, message) => {
    const input = demoPatientInput(0, org.practiceIds);
    const other = String(demoPatientInput(41, org.practiceIds).nhsNumber);
    const error = await expectAppError(updatePatient(reception, { ...input, id: ids[0], nhsNumber: typed(other) }), "VALIDATION");
    expect(error.fieldErrors).toEqual({ nhsNumber: message });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: ids[0] } })).nhsNumber).toBe(input.nhsNumber);
  });

  it("accepts the number in 3-3-4 groups or plain, with spaces around it", async () => {
    const input = demoPatientInput(42, org.practiceIds);
    const created = await createPatient(reception, { ...input, nhsNumber: `  ${formatNhsNumber(String(input.nhsNumber))} ` });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: created.id } })).nhsNumber).toBe(input.nhsNumber);
  });

  it("searches by an NHS number only as the form would accept it", async () => {
    const nhs = String(demoPatientInput(2, org.practiceIds).nhsNumber);
    for (const [, typed, message] of refused) {
      const error = await expectAppError(searchPatients(reception, { q: typed(nhs) }), "VALIDATION");
      expect(error.fieldErrors?.q).toBe(message);
    }
  });

  it("names the problem in each refused row of an imported list, and imports none of them", async () => {
    const nhs = [43, 44, 45, 46].map((n) => String(demoPatientInput(n, org.practiceIds).nhsNumber));
    const text = [
      "nhs_number,given_name,family_name,date_of_birth,practice_ods_code",
      `0000000000,Zero,Number,1950-01-01,Y99901`,
      `${formatNhsNumber(nhs[0]).replace(/ /g, "-")},Dashed,Number,1950-01-01,Y99901`,
      `"${formatNhsNumber(nhs[1]).replace(/ /g, "\t")}",Tabbed,Number,1950-01-01,Y99901`,
      `"${nhs[2]}\n",Broken,Line,1950-01-01,Y99901`,
      `${formatNhsNumber(nhs[3])},Good,Number,1950-01-01,Y99901`,
    ].join("\r\n");
    const preview = await previewPatientImport(reception, { fileName: "typed.csv", size: Buffer.byteLength(text), text });
    expect(preview.problems.map((p) => p.message)).toEqual([
      "Row 2: NHS number 0000000000 is not an NHS number (it stands for one not known)",
      `Row 3: NHS number ${formatNhsNumber(nhs[0]).replace(/ /g, "-")} has a dash in it: write it as 10 digits, with or without single spaces between groups`,
      `Row 4: NHS number ${formatNhsNumber(nhs[1])} has a tab in it: write it as 10 digits, with or without single spaces between groups`,
      `Row 5: NHS number ${nhs[2]} has a line break in it: write it as 10 digits, with or without single spaces between groups`,
    ]);
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([6]);
  });
});
