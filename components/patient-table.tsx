import Link from "next/link";
import type { PatientSummary } from "@/lib/services/patients/search-patients";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatDateOfBirth } from "@/lib/patient-search";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";

export function PatientTable({ patients, caption }: { patients: PatientSummary[]; caption: string }) {
  return (
    <table className="mt-3 w-full border-collapse text-left">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b-2 border-slate-700">
          <th scope="col" className="py-2 pr-4">Name</th>
          <th scope="col" className="py-2 pr-4">NHS number</th>
          <th scope="col" className="py-2 pr-4">Date of birth</th>
          <th scope="col" className="py-2 pr-4">Practice</th>
          <th scope="col" className="py-2">Conditions</th>
        </tr>
      </thead>
      <tbody>
        {patients.map((p) => (
          <tr key={p.id} className="border-b border-slate-300 align-top">
            <th scope="row" className="py-2 pr-4 font-normal">
              <Link href={`/patients/${p.id}`} className="font-semibold text-nhs-blue underline">
                {p.familyName.toUpperCase()}, {p.givenName}
              </Link>
            </th>
            <td className="py-2 pr-4 whitespace-nowrap tabular-nums">{formatNhsNumber(p.nhsNumber)}</td>
            <td className="py-2 pr-4 whitespace-nowrap">{formatDateOfBirth(p.dateOfBirth)}</td>
            <td className="py-2 pr-4">{p.practiceName}</td>
            <td className="py-2">{p.longTermConditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
