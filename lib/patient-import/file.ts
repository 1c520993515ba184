/**
 * The eligible-patient list's columns and the checks on a file that need only its name and size: what the browser
 * shows and refuses before uploading, kept apart from reading and checking rows (papaparse, zod) so the import page
 * does not carry those to the browser.
 */
export const PATIENT_IMPORT_COLUMNS = [
  "nhs_number",
  "given_name",
  "family_name",
  "date_of_birth",
  "sex",
  "phone",
  "email",
  "practice_ods_code",
  "preferred_language",
  "interpreter_needed",
  "accessibility_needs",
  "long_term_conditions",
  "consent_to_text_reminders",
  "consent_to_email_reminders",
] as const;

export type ImportColumn = (typeof PATIENT_IMPORT_COLUMNS)[number];

export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ["nhs_number", "given_name", "family_name", "date_of_birth", "practice_ods_code"];

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_SIZE_LABEL = "5 MB";
export const IMPORT_BATCH_SIZE = 250;

/** One data row of the file, as typed. rowNumber counts the header as row 1, as a spreadsheet shows it. */
export type ImportRow = { rowNumber: number; values: Partial<Record<ImportColumn, string>> };

export const EXPECTED_COLUMNS_TEXT = `The first row must name the columns: ${PATIENT_IMPORT_COLUMNS.join(", ")}. These are required: ${REQUIRED_IMPORT_COLUMNS.join(", ")}; the rest may be left empty or left out.`;

function isCsvName(fileName: string): boolean {
  return /\.csv$/i.test(fileName.trim());
}

/** File-level checks that need only its name and size. Returns the refusal, or null. */
export function checkImportFile(file: { name: string; size: number }): string | null {
  if (!isCsvName(file.name)) {
    return `“${file.name}” is not a CSV file. Save the list from your spreadsheet as “CSV (comma delimited)” and choose that file. ${EXPECTED_COLUMNS_TEXT}`;
  }
  if (file.size === 0) return `The file is empty. ${EXPECTED_COLUMNS_TEXT}`;
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (file.size / (1024 * 1024)).toFixed(1);
    return `The file is ${mb} MB; the largest file that can be imported is ${MAX_IMPORT_SIZE_LABEL}. Split the list into smaller files and import each.`;
  }
  return null;
}
