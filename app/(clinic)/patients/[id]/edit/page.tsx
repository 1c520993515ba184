import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PatientForm } from "@/components/patient-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatUkPhone } from "@/lib/phone";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { listPractices } from "@/lib/services/patients/list-practices";
import { updatePatientAction } from "../../actions";

export const metadata: Metadata = { title: "Change patient details" };

export default async function EditPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("patient:edit");
  const { id } = await params;
  const patient = await getPatientRecord(ctx, { id }, "edit").catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const practices = await listPractices(ctx);
  return (
    <>
      <h1 className="text-3xl font-bold">
        Change details of {patient.givenName} {patient.familyName}
      </h1>
      <PatientForm
        action={updatePatientAction}
        practices={practices}
        initial={{
          id: patient.id,
          nhsNumber: patient.nhsNumber,
          givenName: patient.givenName,
          familyName: patient.familyName,
          dateOfBirth: patient.dateOfBirth,
          sex: patient.sex,
          phone: patient.phone ? formatUkPhone(patient.phone) : "",
          email: patient.email ?? "",
          preferredLanguage: patient.preferredLanguage,
          interpreterNeeded: patient.interpreterNeeded,
          accessibilityNeeds: patient.accessibilityNeeds ?? "",
          longTermConditions: patient.longTermConditions,
          consentToTextReminders: patient.consentToTextReminders,
          consentToEmailReminders: patient.consentToEmailReminders,
          practiceId: patient.practice.id,
        }}
        submitLabel="Save changes"
        cancelHref={`/patients/${patient.id}`}
      />
    </>
  );
}
