import type { Metadata } from "next";
import { PatientImport } from "@/components/patient-import";
import { requirePagePermission } from "@/lib/auth/guard";
import { IMPORT_BATCH_SIZE, MAX_IMPORT_SIZE_LABEL, PATIENT_IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS, type ImportColumn } from "@/lib/patient-import";
import { importPatientBatchAction } from "../actions";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Import a patient list" };

const COLUMN_HELP: Record<ImportColumn, string> = {
  nhs_number: "10 digits, with or without single spaces, for example 943 476 5919 (no dashes)",
  given_name: "",
  family_name: "",
  date_of_birth: "DD/MM/YYYY or YYYY-MM-DD",
  sex: "F, M, female, male, other or unknown; unknown if left empty",
  phone: "UK mobile or landline",
  email: "",
  practice_ods_code: "One of your PCN's practices",
  preferred_language: "English if left empty",
  interpreter_needed: "yes or no",
  accessibility_needs: "",
  long_term_conditions: "Names from the condition list, separated by ; for example Diabetes;COPD",
  consent_to_text_reminders: "yes or no: agrees to text message reminders (needs a phone number); no if left empty",
  consent_to_email_reminders: "yes or no: agrees to email reminders (needs an email address); no if left empty",
};

export default async function ImportPatientsPage() {
  await requirePagePermission("patient:import");
  return (
    <>
      <h1 className="text-3xl font-bold">Import a patient list</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Add an eligible-patient list from a spreadsheet saved as CSV (up to {MAX_IMPORT_SIZE_LABEL}). You will see each row&apos;s problems and who is
        already registered before anything is added. Patients already registered are skipped, so importing the same list twice adds no one twice.
        Large lists are added {IMPORT_BATCH_SIZE} at a time.
      </p>
      <details className="mt-4 max-w-3xl">
        <summary className="cursor-pointer font-semibold text-nhs-blue">Columns the file needs</summary>
        <DataTable
          className="mt-2 w-full border-collapse text-left"
          caption="Columns of the CSV file, in any order; names are not case-sensitive"
          columns={["Column", "Required", { label: "Format", className: "py-1" }]}
          headCellClassName="py-1 pr-4"
        >
          {PATIENT_IMPORT_COLUMNS.map((column) => (
            <tr key={column} className="border-b border-slate-300">
              <RowHeader className="py-1 pr-4 font-mono font-normal">{column}</RowHeader>
              <td className="py-1 pr-4">{REQUIRED_IMPORT_COLUMNS.includes(column) ? "Yes" : "No"}</td>
              <td className="py-1">{COLUMN_HELP[column]}</td>
            </tr>
          ))}
        </DataTable>
      </details>
      <PatientImport uploadUrl="/api/patient-imports" importBatch={importPatientBatchAction} />
    </>
  );
}
