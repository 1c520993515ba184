"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createPatient } from "@/lib/services/patients/create-patient";
import { importPatientBatch } from "@/lib/services/patients/import-patient-batch";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { updatePatient } from "@/lib/services/patients/update-patient";
import { invitePatients } from "@/lib/services/patient-links/invite-patients";
import { formDataOf } from "@/lib/validation/parse";
import { patientFormValues } from "@/lib/validation/patient-register";

/** A POST, so a searched NHS number or date of birth never appears in a URL. */
export async function searchPatientsAction(form: FormData) {
  // Typed for the form that calls it; checked because anyone can post anything.
  return handleAction(async () => {
    const ctx = await requirePermission("patient:view");
    return searchPatients(ctx, { q: formDataOf(form).get("q") ?? "" });
  });
}

export async function createPatientAction(form: FormData) {
  return handleAction(async () => {
    const ctx = await requirePermission("patient:edit");
    return createPatient(ctx, patientFormValues(formDataOf(form)));
  });
}

export async function updatePatientAction(form: FormData) {
  return handleAction(async () => {
    const ctx = await requirePermission("patient:edit");
    return updatePatient(ctx, patientFormValues(formDataOf(form)));
  });
}

export async function importPatientBatchAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("patient:import");
    return importPatientBatch(ctx, input);
  });
}

/** Sends the chosen patients a link to choose a time, prepare and check in (patient links). */
export async function invitePatientsAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("patient:invite");
    return invitePatients(ctx, input);
  });
}
