/**
 * Eligible-patient lists as CSV: the columns expected, reading the file, and
 * checking each row (pure: no I/O). The same row check runs when the file is
 * previewed and again on the server for every batch imported, so rows held by
 * the browser between the two are never trusted.
 */
import Papa from "papaparse";
import { describeNhsNumberCharacters, formatNhsNumber, parseNhsNumber } from "@/lib/nhs-number";
import { isValidUkPhone } from "@/lib/phone";
import { parseDateInput } from "@/lib/patient-search";
import { patientSchema, type Patient } from "@/lib/validation/patient";
import { LONG_TERM_CONDITIONS, type LongTermConditionCode } from "@/lib/patients/reference-data";

import {
  EXPECTED_COLUMNS_TEXT,
  IMPORT_BATCH_SIZE,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_SIZE_LABEL,
  PATIENT_IMPORT_COLUMNS,
  REQUIRED_IMPORT_COLUMNS,
  checkImportFile,
  type ImportColumn,
  type ImportRow,
} from "./file";

export { IMPORT_BATCH_SIZE, MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_LABEL, PATIENT_IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS, checkImportFile };
export type { ImportColumn, ImportRow };

export type ImportProblem = { rowNumber: number; message: string };

export type ParsedImportFile = { ok: true; rows: ImportRow[] } | { ok: false; message: string };

/** "NHS Number", " nhs-number " and "nhs_number" all name the same column. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Reads the file's text into rows, or explains exactly what was expected. */
export function parseImportCsv(text: string): ParsedImportFile {
  // A NUL byte never appears in a text CSV: this is a spreadsheet or other binary saved with a .csv name.
  if (text.includes("\u0000")) {
    return { ok: false, message: `The file is not plain CSV text (it may be an Excel workbook renamed to .csv). ${EXPECTED_COLUMNS_TEXT}` };
  }
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const records = parsed.data;
  const headerIndex = records.findIndex((r) => r.some((cell) => cell.trim() !== ""));
  if (headerIndex === -1) return { ok: false, message: `The file is empty. ${EXPECTED_COLUMNS_TEXT}` };

  const headers = records[headerIndex].map(normaliseHeader);
  const known = new Set<string>(PATIENT_IMPORT_COLUMNS);
  const unknown = headers.filter((h) => h !== "" && !known.has(h));
  const missing = REQUIRED_IMPORT_COLUMNS.filter((c) => !headers.includes(c));
  const repeated = headers.filter((h, i) => h !== "" && headers.indexOf(h) !== i);
  const faults: string[] = [];
  if (missing.length) faults.push(`missing required ${missing.length === 1 ? "column" : "columns"} ${missing.join(", ")}`);
  if (unknown.length) faults.push(`${unknown.length === 1 ? "a column" : "columns"} this import does not know: ${unknown.join(", ")}`);
  if (repeated.length) faults.push(`${[...new Set(repeated)].join(", ")} more than once`);
  if (faults.length) {
    return { ok: false, message: `The columns are not the ones expected (${faults.join("; ")}). ${EXPECTED_COLUMNS_TEXT}` };
  }

  const rows: ImportRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i];
    if (record.every((cell) => cell.trim() === "")) continue;
    const values: ImportRow["values"] = {};
    headers.forEach((header, column) => {
      if (header !== "") values[header as ImportColumn] = record[column] ?? "";
    });
    rows.push({ rowNumber: i + 1, values });
  }
  if (rows.length === 0) return { ok: false, message: `The file has a header row but no patients. ${EXPECTED_COLUMNS_TEXT}` };
  return { ok: true, rows };
}

const SEX_WORDS: Record<string, Patient["sex"]> = {
  f: "FEMALE",
  female: "FEMALE",
  m: "MALE",
  male: "MALE",
  other: "OTHER",
  o: "OTHER",
  unknown: "UNKNOWN",
  u: "UNKNOWN",
  "not known": "UNKNOWN",
};

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

const CONDITION_LOOKUP = new Map<string, LongTermConditionCode>(
  LONG_TERM_CONDITIONS.flatMap(([code, label]) => [
    [code.toLowerCase(), code],
    [label.toLowerCase(), code],
    [code.toLowerCase().replace(/_/g, " "), code],
  ]),
);

const CONDITION_LIST_TEXT = LONG_TERM_CONDITIONS.map(([, label]) => label).join(", ");
/** Stands in for an unknown practice so the schema still checks the other fields. */
const NO_PRACTICE = "00000000-0000-7000-8000-000000000000";

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

export type CheckedImportRow = { ok: true; patient: Patient } | { ok: false; problems: string[] };

/**
 * Checks one row against the patient form's own schema, with messages that
 * name the value and the column, for a person fixing a spreadsheet.
 * `practices` maps the actor's PCN's ODS codes (upper case) to practice ids.
 */
export function checkImportRow(row: ImportRow, practices: ReadonlyMap<string, string>): CheckedImportRow {
  const v = (column: ImportColumn) => (row.values[column] ?? "").trim();
  const problems: string[] = [];
  // Schema fields already explained above, so the schema's own message is not repeated.
  const reported = new Set<string>();
  const report = (field: string, message: string) => {
    reported.add(field);
    problems.push(message);
  };

  // Read as typed (not trimmed of tabs or line breaks), exactly as the form reads it.
  const nhsCell = row.values.nhs_number ?? "";
  const nhs = parseNhsNumber(nhsCell);
  // Shown on one line, with whatever spaced the digits out as one space.
  const nhsShown = nhsCell.replace(/\s+/g, " ").trim();
  if (!nhs.ok) {
    const digits = nhsShown.replace(/ /g, "");
    if (nhs.problem === "missing") report("nhsNumber", "NHS number is missing");
    else if (nhs.problem === "characters")
      report(
        "nhsNumber",
        `NHS number ${nhsShown} has ${describeNhsNumberCharacters(nhsCell) ?? "a character other than digits and spaces"} in it: write it as 10 digits, with or without single spaces between groups`,
      );
    else if (nhs.problem === "length") report("nhsNumber", `NHS number ${nhsShown} is not 10 digits`);
    else if (nhs.problem === "placeholder") report("nhsNumber", `NHS number ${digits} is not an NHS number (it stands for one not known)`);
    else report("nhsNumber", `NHS number ${digits} fails the check digit`);
  }

  if (v("given_name") === "") report("givenName", "given name is missing");
  if (v("family_name") === "") report("familyName", "family name is missing");

  const dobRaw = v("date_of_birth");
  const dateOfBirth = parseDateInput(dobRaw);
  if (dobRaw === "") report("dateOfBirth", "date of birth is missing");
  else if (!dateOfBirth) report("dateOfBirth", `date of birth ${dobRaw} is not a real date as DD/MM/YYYY or YYYY-MM-DD`);

  const sexRaw = v("sex");
  const sex = sexRaw === "" ? "UNKNOWN" : SEX_WORDS[sexRaw.toLowerCase()];
  if (!sex) report("sex", `sex “${sexRaw}” is not one of F, M, female, male, other, unknown`);

  const phone = v("phone");
  if (phone !== "" && !isValidUkPhone(phone)) report("phone", `phone ${phone} is not a UK phone number`);

  const ods = v("practice_ods_code").toUpperCase();
  const practiceId = practices.get(ods);
  if (ods === "") report("practiceId", "practice ODS code is missing");
  else if (!practiceId) report("practiceId", `practice ODS code ${ods} is not one of your PCN's practices`);

  /** A yes/no column; empty (or left out) is no. */
  const yesNo = (column: ImportColumn, field: string, words: string): boolean => {
    const raw = v(column).toLowerCase();
    const yes = YES.has(raw);
    if (raw !== "" && !yes && !NO.has(raw)) report(field, `${words} “${v(column)}” should be yes or no`);
    return yes;
  };
  const interpreterNeeded = yesNo("interpreter_needed", "interpreterNeeded", "interpreter needed");
  // Each reminder channel has its own consent; a list without these columns gives neither.
  const consentToTextReminders = yesNo("consent_to_text_reminders", "consentToTextReminders", "consent to text reminders");
  const consentToEmailReminders = yesNo("consent_to_email_reminders", "consentToEmailReminders", "consent to email reminders");

  const conditions: LongTermConditionCode[] = [];
  for (const item of v("long_term_conditions")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const code = CONDITION_LOOKUP.get(item.toLowerCase().replace(/\s+/g, " "));
    if (code) conditions.push(code);
    else report("longTermConditions", `long-term condition “${item}” is not on the list (${CONDITION_LIST_TEXT})`);
  }

  // The form's schema has the final word (lengths, email, date in the past), so
  // an imported patient is exactly as valid as one typed in.
  const parsed = patientSchema.safeParse({
    nhsNumber: nhs.ok ? nhs.nhsNumber : nhsCell,
    givenName: v("given_name"),
    familyName: v("family_name"),
    dateOfBirth: dateOfBirth ?? "",
    sex: sex ?? "UNKNOWN",
    phone: phone === "" ? undefined : phone,
    email: v("email") === "" ? undefined : v("email"),
    preferredLanguage: v("preferred_language") === "" ? undefined : v("preferred_language"),
    interpreterNeeded,
    accessibilityNeeds: v("accessibility_needs"),
    longTermConditions: conditions,
    consentToTextReminders,
    consentToEmailReminders,
    practiceId: practiceId ?? NO_PRACTICE,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (reported.has(field)) continue;
      reported.add(field);
      if (field === "email") problems.push(`email ${v("email")} is not an email address`);
      else if (field === "preferredLanguage") problems.push("preferred language must be 60 characters or fewer");
      else if (field === "dateOfBirth") problems.push(`date of birth ${dobRaw}: ${lowerFirst(issue.message)}`);
      else problems.push(lowerFirst(issue.message));
    }
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, patient: parsed.data };
}

export type CheckedImport = {
  /** Rows that can be imported, in file order. */
  valid: Array<ImportRow & { patient: Patient }>;
  /** One entry per problem, "Row 7: NHS number … fails the check digit". */
  problems: ImportProblem[];
  /** How many rows have at least one problem. */
  invalidRows: number;
};

/** Checks every row, and refuses a second row for an NHS number already earlier in the file. */
export function checkImportRows(rows: readonly ImportRow[], practices: ReadonlyMap<string, string>): CheckedImport {
  const valid: CheckedImport["valid"] = [];
  const problems: ImportProblem[] = [];
  const firstRowOf = new Map<string, number>();
  let invalidRows = 0;
  for (const row of rows) {
    const checked = checkImportRow(row, practices);
    const rowProblems = checked.ok ? [] : [...checked.problems];
    if (checked.ok) {
      const first = firstRowOf.get(checked.patient.nhsNumber);
      if (first !== undefined) rowProblems.push(`NHS number ${formatNhsNumber(checked.patient.nhsNumber)} is already on row ${first} of this file`);
      else firstRowOf.set(checked.patient.nhsNumber, row.rowNumber);
    }
    if (rowProblems.length > 0) {
      invalidRows++;
      for (const message of rowProblems) problems.push({ rowNumber: row.rowNumber, message: `Row ${row.rowNumber}: ${message}` });
    } else if (checked.ok) {
      valid.push({ ...row, patient: checked.patient });
    }
  }
  return { valid, problems, invalidRows };
}

/**
 * The file's text. Spreadsheets on NHS PCs often save "CSV (comma delimited)"
 * as Windows-1252 rather than UTF-8; reading that as UTF-8 would garble names
 * such as Dąbrowski or Zoë, so it is read as Windows-1252 when it is not valid UTF-8.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
