import type { Metadata } from "next";
import { EMPTY_PATIENT, PatientForm } from "@/components/patient-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { listPractices } from "@/lib/services/patients/list-practices";
import { createPatientAction } from "../actions";

export const metadata: Metadata = { title: "Add a patient" };

export default async function NewPatientPage() {
  const ctx = await requirePagePermission("patient:edit");
  const practices = await listPractices(ctx);
  return (
    <>
      <h1 className="text-3xl font-bold">Add a patient</h1>
      <p className="mt-1 text-slate-700">Add someone registered at one of your PCN&apos;s practices. Search first: they may already be registered.</p>
      <PatientForm action={createPatientAction} practices={practices} initial={EMPTY_PATIENT} submitLabel="Add patient" cancelHref="/patients" />
    </>
  );
}
