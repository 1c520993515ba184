import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { InvitePatientButton } from "@/components/invite-patient-button";
import { invitePatientsAction } from "../actions";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatDateOfBirth } from "@/lib/patient-search";
import { formatUkPhone } from "@/lib/phone";
import { formatLondon } from "@/lib/schedule";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { CONDITION_LABELS, SEX_OPTIONS } from "@/lib/patients/reference-data";
import { STATUS_LABELS } from "@/components/day-view/shared";
import { DataTable } from "@/components/ui/table";

export const metadata: Metadata = { title: "Patient" };

const SEX_LABELS = Object.fromEntries(SEX_OPTIONS) as Record<string, string>;

/** A channel's consent as reception reads it, saying when agreeing alone will not send anything. */
function consentText(agreed: boolean, contact: string | null, missing: string): string {
  if (!agreed) return "Not agreed";
  return contact ? "Agreed" : `Agreed, but ${missing}, so none will be sent`;
}

export default async function PatientPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("patient:view");
  const { id } = await params;
  const patient = await getPatientRecord(ctx, { id }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const canEdit = hasPermission(ctx.actor.roles, "patient:edit");
  const canInvite = hasPermission(ctx.actor.roles, "patient:invite");
  const canExportFhir = hasPermission(ctx.actor.roles, "clinical:view");
  // Downloads are per clinic day: shown once, on that day's first row.
  const firstOfDay = new Set([...new Map([...patient.appointments].reverse().map((a) => [a.clinicDayId, a.id] as const)).values()]);
  const details: Array<[string, string]> = [
    ["NHS number", formatNhsNumber(patient.nhsNumber)],
    ["Date of birth", formatDateOfBirth(patient.dateOfBirth)],
    ["Sex", SEX_LABELS[patient.sex] ?? patient.sex],
    ["Registered practice", `${patient.practice.name} (${patient.practice.odsCode})`],
    ["Phone", patient.phone ? formatUkPhone(patient.phone) : "Not recorded"],
    ["Email", patient.email ?? "Not recorded"],
    ["Preferred language", patient.preferredLanguage],
    ["Interpreter", patient.interpreterNeeded ? "Needed" : "Not needed"],
    ["Accessibility needs", patient.accessibilityNeeds ?? "None recorded"],
    ["Long-term conditions", patient.longTermConditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"],
    ["Text message reminders", consentText(patient.consentToTextReminders, patient.phone, "no phone number is recorded")],
    ["Email reminders", consentText(patient.consentToEmailReminders, patient.email, "no email address is recorded")],
  ];
  return (
    <>
      <p>
        <Link href="/patients" className="text-nhs-blue underline">
          Find another patient
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">
          {patient.givenName} {patient.familyName}
        </h1>
        {canEdit ? (
          <Link href={`/patients/${patient.id}/edit`} className="font-semibold text-nhs-blue underline">
            Change details
            <span className="sr-only">
              {" "}
              of {patient.givenName} {patient.familyName}
            </span>
          </Link>
        ) : null}
      </div>
      <section aria-labelledby="details-heading" className="mt-4">
        <h2 id="details-heading" className="text-xl font-bold">
          Details
        </h2>
        <dl className="mt-2 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          {details.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-semibold">{term}</dt>
              <dd className="mb-2 sm:mb-0">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="appointments-heading" className="mt-8">
        <h2 id="appointments-heading" className="text-xl font-bold">
          Appointments
        </h2>
        {canInvite ? <InvitePatientButton patientId={patient.id} action={invitePatientsAction} /> : null}
        {patient.appointments.length === 0 ? (
          <p className="mt-2 text-slate-700">No appointments yet.</p>
        ) : (
          <DataTable
            className="mt-3 w-full max-w-3xl border-collapse text-left"
            columns={["Date", "Session", "Time", "Status", { label: "Downloads for the day", className: "py-2" }]}
            headCellClassName="py-2 pr-4"
          >
            {patient.appointments.map((a) => (
              <tr key={a.id} className="border-b border-slate-300">
                <td className="py-2 pr-4">{formatLondon(a.startsAt, "EEE d MMM yyyy")}</td>
                <td className="py-2 pr-4">
                  {SESSION_KIND_LABELS[a.kind]}, {a.clinicName}
                </td>
                <td className="py-2 pr-4 tabular-nums">{formatLondon(a.startsAt, "HH:mm")}</td>
                <td className="py-2 pr-4">{STATUS_LABELS[a.status]}</td>
                <td className="py-2">
                  {firstOfDay.has(a.id) ? (
                    <span className="flex flex-wrap gap-x-3">
                      <a href={`/api/patients/${patient.id}/clinic-days/${a.clinicDayId}/calendar.ics`} className="text-nhs-blue underline">
                        Calendar file<span className="sr-only"> for {formatLondon(a.startsAt, "d MMMM yyyy")}</span>
                      </a>
                      {canExportFhir ? (
                        <a href={`/api/patients/${patient.id}/clinic-days/${a.clinicDayId}/fhir`} className="text-nhs-blue underline">
                          FHIR record<span className="sr-only"> for {formatLondon(a.startsAt, "d MMMM yyyy")}</span>
                        </a>
                      ) : null}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
