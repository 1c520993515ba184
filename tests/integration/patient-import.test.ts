import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPORT_BATCH_SIZE, MAX_IMPORT_BYTES, PATIENT_IMPORT_COLUMNS, type ImportRow } from "@/lib/patient-import";
import type { ServiceContext } from "@/lib/db/context";
import { importPatientBatch, type PatientImportProgress } from "@/lib/services/patients/import-patient-batch";
import { previewPatientImport, type PatientImportPreview } from "@/lib/services/patients/preview-patient-import";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, type Organisation } from "@/tests/helpers/factories";
import { testNhsNumbers } from "@/tests/helpers/nhs-numbers";
import { expectAppError } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let reception: ServiceContext;
let lead: ServiceContext;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "b2", name: "Other PCN" });
  reception = { db: t.db, actor: org.staff.reception };
  lead = { db: t.db, actor: org.staff.lead };
});

function csv(nhsNumbers: string[], extra: Array<Record<string, string>> = []): string {
  const ods = ["Y99901", "Y99902", "Y99903"];
  const rows = nhsNumbers.map((nhs, i) => ({
    nhs_number: nhs,
    given_name: `Given${i}`,
    family_name: `Family${i}`,
    date_of_birth: i % 2 ? "14/03/1956" : "1960-01-02",
    sex: i % 2 ? "F" : "male",
    phone: i % 3 ? "07700 900123" : "",
    email: "",
    practice_ods_code: ods[i % ods.length],
    preferred_language: "",
    interpreter_needed: i % 5 ? "no" : "yes",
    accessibility_needs: "",
    long_term_conditions: "Diabetes;hypertension",
  }));
  return Papa.unparse({ fields: [...PATIENT_IMPORT_COLUMNS], data: [...rows, ...extra] });
}

function file(text: string, fileName = "list.csv") {
  return { fileName, size: Buffer.byteLength(text), text };
}

/** Sends the preview's good rows in batches, as the import page does. */
async function importAll(ctx: ServiceContext, preview: PatientImportPreview): Promise<PatientImportProgress> {
  let last: PatientImportProgress | undefined;
  for (let start = 0; start < preview.rows.length; start += IMPORT_BATCH_SIZE) {
    last = await importPatientBatch(ctx, { importId: preview.importId, start, rows: preview.rows.slice(start, start + IMPORT_BATCH_SIZE) });
  }
  if (!last) throw new Error("nothing to import");
  return last;
}

describe("importing an eligible-patient list", () => {
  it("previews problems per row, imports the good rows, and skips them the second time", async () => {
    const numbers = testNhsNumbers(200_000, 4);
    const text = csv(numbers, [
      { nhs_number: "4857773456", given_name: "Bad", family_name: "Number", date_of_birth: "1950-01-01", practice_ods_code: "Y99901" },
      { nhs_number: testNhsNumbers(200_010, 1)[0], given_name: "No", family_name: "Birthday", date_of_birth: "", practice_ods_code: "Y99901" },
      {
        nhs_number: testNhsNumbers(200_011, 1)[0],
        given_name: "Other",
        family_name: "Practice",
        date_of_birth: "1950-01-01",
        practice_ods_code: "Y12345",
      },
    ]);
    const preview = await previewPatientImport(reception, file(text));
    expect(preview).toMatchObject({ totalRows: 7, invalidRows: 3, toCreate: 4, alreadyRegistered: [], previousImportAt: null });
    expect(preview.problems.map((p) => p.message)).toEqual([
      "Row 6: NHS number 4857773456 fails the check digit",
      "Row 7: date of birth is missing",
      "Row 8: practice ODS code Y12345 is not one of your PCN's practices",
    ]);
    expect(await t.db.patient.count({ where: { nhsNumber: { in: numbers } } })).toBe(0);

    const result = await importAll(reception, preview);
    expect(result).toMatchObject({ done: true, created: 4, alreadyRegistered: 0, invalid: 3, processed: 4, expected: 4 });
    const stored = await t.db.patient.findMany({ where: { nhsNumber: { in: numbers } }, orderBy: { nhsNumber: "asc" } });
    expect(stored).toHaveLength(4);
    expect(stored[1]).toMatchObject({
      dateOfBirth: new Date("1956-03-14T00:00:00Z"),
      sex: "FEMALE",
      phone: "+447700900123",
      longTermConditions: ["DIABETES", "HYPERTENSION"],
    });
    const job = await t.db.patientImport.findUniqueOrThrow({ where: { id: preview.importId } });
    expect(job).toMatchObject({ status: "COMPLETED", created: 4, alreadyRegistered: 0, invalid: 3, totalRows: 7, fileName: "list.csv" });
    expect(job.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.db.auditEvent.count({ where: { action: "patient.create", entityId: preview.importId } })).toBe(4);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.import", entityId: preview.importId } });
    expect(audit.details).toEqual({ totalRows: 7, created: 4, alreadyRegistered: 0, invalid: 3 });

    // The same file again: recognised, nothing new.
    const again = await previewPatientImport(reception, file(text));
    expect(again.toCreate).toBe(0);
    expect(again.alreadyRegistered.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(again.previousImportAt).toBeInstanceOf(Date);
    const second = await importAll(reception, again);
    expect(second).toMatchObject({ created: 0, alreadyRegistered: 4, done: true });
    expect(await t.db.patient.count({ where: { nhsNumber: { in: numbers } } })).toBe(4);
  });

  it("checks every row again on the server, whatever the browser sends", async () => {
    const preview = await previewPatientImport(reception, file(csv(testNhsNumbers(200_100, 2))));
    const tampered: ImportRow[] = preview.rows.map((r, i) => (i === 1 ? { ...r, values: { ...r.values, nhs_number: "4857773456" } } : r));
    const error = await expectAppError(importPatientBatch(reception, { importId: preview.importId, start: 0, rows: tampered }), "VALIDATION");
    expect(error.message).toMatch(/^Row 3: NHS number 4857773456 fails the check digit/);
    const otherPractice = preview.rows.map((r) => ({ ...r, values: { ...r.values, practice_ods_code: "YB20" } }));
    await expectAppError(importPatientBatch(reception, { importId: preview.importId, start: 0, rows: otherPractice }), "VALIDATION");
    expect(await t.db.patient.count({ where: { nhsNumber: { in: testNhsNumbers(200_100, 2) } } })).toBe(0);
    // Out of order, or someone else's import, is refused.
    await expectAppError(importPatientBatch(reception, { importId: preview.importId, start: 1, rows: preview.rows.slice(1) }), "CONFLICT");
    await expectAppError(importPatientBatch(lead, { importId: preview.importId, start: 0, rows: preview.rows }), "NOT_FOUND");
    // A batch sent twice (a retry) counts once.
    const first = await importPatientBatch(reception, { importId: preview.importId, start: 0, rows: preview.rows });
    const retry = await importPatientBatch(reception, { importId: preview.importId, start: 0, rows: preview.rows });
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ created: 2, done: true });
  });

  it("refuses files that are not a usable list, saying what was expected", async () => {
    const columns = PATIENT_IMPORT_COLUMNS.join(", ");
    const wrong = await expectAppError(previewPatientImport(reception, file("name,dob\nAmira,1956-03-14\n")), "VALIDATION");
    expect(wrong.message).toContain("missing required columns nhs_number, given_name, family_name, date_of_birth, practice_ods_code");
    expect(wrong.message).toContain(columns);
    expect((await expectAppError(previewPatientImport(reception, file("", "empty.csv")), "VALIDATION")).message).toMatch(/empty/);
    expect((await expectAppError(previewPatientImport(reception, file("a,b", "list.xlsx")), "VALIDATION")).message).toMatch(/not a CSV file/);
    const big = await expectAppError(previewPatientImport(reception, { fileName: "big.csv", size: MAX_IMPORT_BYTES + 1, text: "x" }), "VALIDATION");
    expect(big.message).toMatch(/5 MB/);
    expect(await t.db.patientImport.count({ where: { fileName: { in: ["empty.csv", "big.csv"] } } })).toBe(0);
  });

  it("refuses roles without the permission", async () => {
    const gp = { db: t.db, actor: org.staff.gp };
    await expectAppError(previewPatientImport(gp, file(csv(testNhsNumbers(200_200, 1)))), "FORBIDDEN");
    const preview = await previewPatientImport(reception, file(csv(testNhsNumbers(200_200, 1))));
    await expectAppError(importPatientBatch(gp, { importId: preview.importId, start: 0, rows: preview.rows }), "FORBIDDEN");
  });

  it("keeps to the actor's PCN: another PCN's ODS codes are problems there", async () => {
    const otherReception = { db: t.db, actor: other.staff.reception };
    const preview = await previewPatientImport(otherReception, file(csv(testNhsNumbers(200_300, 3))));
    expect(preview.invalidRows).toBe(3);
    expect(preview.problems[0].message).toBe("Row 2: practice ODS code Y99901 is not one of your PCN's practices");
  });

  it("imports 5,000 patients in batches, and none again the second time", async () => {
    const numbers = testNhsNumbers(100_000, 5000);
    const text = csv(numbers);
    const started = performance.now();
    const preview = await previewPatientImport(reception, file(text, "eligible-5000.csv"));
    expect(preview).toMatchObject({ totalRows: 5000, invalidRows: 0, toCreate: 5000 });
    const previewed = performance.now();
    const result = await importAll(reception, preview);
    const finished = performance.now();
    expect(result).toMatchObject({ done: true, created: 5000, alreadyRegistered: 0, processed: 5000 });
    expect(await t.db.patient.count({ where: { nhsNumber: { in: numbers } } })).toBe(5000);
    console.log(
      `5,000-row import: preview ${Math.round(previewed - started)} ms, import ${Math.round(finished - previewed)} ms in ${Math.ceil(5000 / IMPORT_BATCH_SIZE)} batches`,
    );

    const again = await previewPatientImport(reception, file(text, "eligible-5000.csv"));
    expect(again.toCreate).toBe(0);
    const second = await importAll(reception, again);
    expect(second).toMatchObject({ created: 0, alreadyRegistered: 5000, done: true });
    expect(await t.db.patient.count({ where: { nhsNumber: { in: numbers } } })).toBe(5000);
  }, 300_000);
});
