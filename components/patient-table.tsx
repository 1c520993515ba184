import Link from "next/link";
import type { PatientSummary } from "@/lib/services/patients/search-patients";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatDateOfBirth } from "@/lib/patient-search";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { DataTable, RowHeader } from "@/components/ui/table";
import { LanguageBadge } from "@/components/language-badge";

export function PatientTable({ patients, caption }: { patients: PatientSummary[]; caption: string }) {
  return (
    <DataTable
      className="mt-3 w-full border-collapse text-left"
      caption={caption}
      columns={["Name", "NHS number", "Date of birth", "Practice", { label: "Conditions", className: "py-2" }]}
      headCellClassName="py-2 pr-4"
    >
      {patients.map((p) => (
        <tr key={p.id} className="border-b border-slate-300 align-top">
          <RowHeader className="py-2 pr-4 font-normal">
            <Link href={`/patients/${p.id}`} className="font-semibold text-nhs-blue underline">
              {p.familyName.toUpperCase()}, {p.givenName}
            </Link>
          </RowHeader>
          <td className="py-2 pr-4">
            <span className="whitespace-nowrap tabular-nums">{formatNhsNumber(p.nhsNumber)}</span>
            <LanguageBadge language={p.language} className="mt-1 block w-fit" />
          </td>
          <td className="py-2 pr-4 whitespace-nowrap">{formatDateOfBirth(p.dateOfBirth)}</td>
          <td className="py-2 pr-4">{p.practiceName}</td>
          <td className="py-2">{p.longTermConditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
