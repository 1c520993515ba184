import type { Metadata } from "next";
import Link from "next/link";
import { PatientSearch } from "@/components/patient-search";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { searchPatientsAction } from "./actions";

export const metadata: Metadata = { title: "Patients" };

export default async function PatientsPage() {
  const { actor } = await requirePagePermission("patient:view");
  const canEdit = hasPermission(actor.roles, "patient:edit");
  const canImport = hasPermission(actor.roles, "patient:import");
  const canInvite = hasPermission(actor.roles, "patient:invite");
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">Patients</h1>
        {canEdit || canImport || canInvite ? (
          <ul className="flex flex-wrap gap-4">
            {canEdit ? (
              <li>
                <Link href="/patients/new" className="font-semibold text-nhs-blue underline">
                  Add a patient
                </Link>
              </li>
            ) : null}
            {canImport ? (
              <li>
                <Link href="/patients/import" className="font-semibold text-nhs-blue underline">
                  Import a list
                </Link>
              </li>
            ) : null}
            {canInvite ? (
              <li>
                <Link href="/patients/invite" className="font-semibold text-nhs-blue underline">
                  Invite patients to choose a time
                </Link>
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>
      <p className="mt-1 text-slate-700">Find a patient of your PCN&apos;s practices.</p>
      <PatientSearch action={searchPatientsAction} />
    </>
  );
}
