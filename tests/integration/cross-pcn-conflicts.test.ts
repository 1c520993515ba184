/**
 * An NHS number is unique in the whole register, so staff of one PCN who type
 * another PCN's patient's number must be told something: only that the person
 * is registered with a practice outside their PCN and what to do, never the
 * patient's id, link, name or any other detail; and the attempt is audited
 * (issue 17, item 2).
 */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { PATIENT_IMPORT_COLUMNS } from "@/lib/patient-import";
import type { ServiceContext } from "@/lib/db/context";
import { createPatient } from "@/lib/services/patients/create-patient";
import { previewPatientImport } from "@/lib/services/patients/preview-patient-import";
import { updatePatient } from "@/lib/services/patients/update-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let mine: Organisation;
let theirs: Organisation;
let reception: ServiceContext;
let theirPatient: { id: string; nhsNumber: string; givenName: string; familyName: string };
let myPatientId: string;

beforeAll(async () => {
  t = await freshDatabase();
  mine = await createOrganisation(t.db);
  theirs = await createOrganisation(t.db, { suffix: "x7", name: "Hillside PCN" });
  reception = { db: t.db, actor: mine.staff.reception };
  const input = { ...demoPatientInput(3, theirs.practiceIds, 71_000), givenName: "Zebedee", familyName: "Quartermaine" };
  const created = await createPatient({ db: t.db, actor: theirs.staff.reception }, input);
  theirPatient = { id: created.id, nhsNumber: String(input.nhsNumber), givenName: "Zebedee", familyName: "Quartermaine" };
  myPatientId = (await createPatient(reception, demoPatientInput(4, mine.practiceIds, 71_000))).id;
});

/** Nothing in what the member of staff is sent may identify the other PCN's patient. */
function expectNothingAbout(answer: unknown) {
  const text = JSON.stringify(answer, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
  expect(text).not.toContain(theirPatient.id);
  expect(text).not.toContain(theirPatient.givenName);
  expect(text).not.toContain(theirPatient.familyName);
  expect(text).not.toContain("/patients/");
  expect(text).not.toContain("Hillside");
}

const OUTSIDE =
  "This NHS number belongs to someone registered with a practice outside your PCN, so they cannot be added here. Check the number with the patient; if it is right, they need to register with one of your practices first.";

describe("another PCN's NHS number", () => {
  it("registering it is refused saying what to do, with nothing about the patient, and audited", async () => {
    const before = await t.db.patient.count();
    const error = await expectAppError(createPatient(reception, demoPatientInput(3, mine.practiceIds, 71_000)), "CONFLICT");
    expect(error.message).toBe(OUTSIDE);
    expect(error.fieldErrors).toEqual({ nhsNumber: "Registered with a practice outside your PCN" });
    expect(error.details).toBeUndefined();
    expectNothingAbout({ message: error.message, fieldErrors: error.fieldErrors, details: error.details });
    expect(await t.db.patient.count()).toBe(before);

    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.register-outside-pcn", actorId: mine.staff.reception.id } });
    expect(event).toMatchObject({ outcome: "DENIED", patientId: null, entityType: "Patient", details: { via: "create" } });
    expectNothingAbout(event);
  });

  it("changing a patient's number to it is refused the same way and changes nothing", async () => {
    const input = demoPatientInput(4, mine.practiceIds, 71_000);
    const error = await expectAppError(updatePatient(reception, { ...input, id: myPatientId, nhsNumber: theirPatient.nhsNumber }), "CONFLICT");
    expect(error.message).toBe(OUTSIDE);
    expect(error.details).toBeUndefined();
    expectNothingAbout({ message: error.message, fieldErrors: error.fieldErrors });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: myPatientId } })).nhsNumber).toBe(String(input.nhsNumber));
    expect(await t.db.auditEvent.count({ where: { action: "patient.register-outside-pcn", details: { path: ["via"], equals: "update" } } })).toBe(1);
  });

  it("the import preview lists the row as registered outside the PCN, not as already registered, and audits it", async () => {
    const mineToo = demoPatientInput(4, mine.practiceIds, 71_000);
    const text = Papa.unparse({
      fields: [...PATIENT_IMPORT_COLUMNS],
      data: [
        { nhs_number: theirPatient.nhsNumber, given_name: "Zeb", family_name: "Q", date_of_birth: "1950-01-01", practice_ods_code: "Y99901" },
        { nhs_number: String(mineToo.nhsNumber), given_name: "Mine", family_name: "Too", date_of_birth: "1950-01-01", practice_ods_code: "Y99901" },
      ],
    });
    const preview = await previewPatientImport(reception, { fileName: "list.csv", size: Buffer.byteLength(text), text });
    expect(preview.alreadyRegistered.map((r) => r.rowNumber)).toEqual([3]);
    expect(preview.registeredOutsidePcn).toEqual([{ rowNumber: 2, nhsNumber: expect.stringMatching(/^\d{3} \d{3} \d{4}$/) }]);
    expect(preview.toCreate).toBe(0);
    expectNothingAbout(preview);

    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "patient.register-outside-pcn", details: { path: ["via"], equals: "import" } },
    });
    expect(event).toMatchObject({ outcome: "DENIED", patientId: null, entityId: preview.importId, details: { via: "import", rows: [2] } });
    // The other PCN's patient is not recorded as seen by this PCN's staff.
    expect(await t.db.auditEvent.count({ where: { patientId: theirPatient.id, actorId: mine.staff.reception.id } })).toBe(0);
  });

  it("a number registered in the same PCN still links to the patient, as before", async () => {
    const error = await expectAppError(createPatient(reception, demoPatientInput(4, mine.practiceIds, 71_000)), "CONFLICT");
    expect(error.details).toMatchObject({ existingPatientId: myPatientId, href: `/patients/${myPatientId}` });
  });
});
