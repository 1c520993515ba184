import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Phq4Form } from "@/components/phq4-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { PHQ4_BAND_LABELS, phq4Band } from "@/lib/phq4";
import { formatLondon } from "@/lib/schedule";
import { getAssessmentContext } from "@/lib/services/morning-list";
import { CONDITION_LABELS } from "@/lib/validation/patient";
import { recordPhq4Action } from "../../actions";

export const metadata: Metadata = { title: "PHQ-4" };

export default async function AssessmentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("assessment:record");
  const { id } = await params;
  let data: Awaited<ReturnType<typeof getAssessmentContext>>;
  try {
    data = await getAssessmentContext(ctx, id);
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { appointment, afternoon, waitlist } = data;
  const { patient } = appointment;
  const current = appointment.phq4Assessments.at(-1);
  const checkedIn = appointment.status === "ARRIVED" || appointment.status === "FULFILLED";
  return (
    <>
      <p>
        <Link href="/buddy" className="text-nhs-blue underline">
          Back to the morning list
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">
        {patient.givenName} {patient.familyName}
      </h1>
      <dl className="mt-3 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">NHS number</dt>
        <dd>{formatNhsNumber(patient.nhsNumber)}</dd>
        <dt className="font-semibold">Morning appointment</dt>
        <dd>
          {formatLondon(appointment.slot.startsAt, "HH:mm")}, station {appointment.slot.column + 1}
        </dd>
        <dt className="font-semibold">Long-term conditions</dt>
        <dd>{patient.longTermConditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"}</dd>
        <dt className="font-semibold">Language</dt>
        <dd>
          {patient.preferredLanguage}
          {patient.interpreterNeeded ? " (interpreter needed)" : ""}
        </dd>
        {patient.accessibilityNeeds ? (
          <>
            <dt className="font-semibold">Access needs</dt>
            <dd>{patient.accessibilityNeeds}</dd>
          </>
        ) : null}
      </dl>

      <section className="mt-6" aria-labelledby="afternoon">
        <h2 id="afternoon" className="text-xl font-bold">
          Afternoon
        </h2>
        {afternoon.length === 0 && waitlist.length === 0 ? (
          <p className="mt-1 text-slate-700">Not routed yet: the afternoon is booked when the PHQ-4 is saved.</p>
        ) : (
          <ul className="mt-1 list-disc pl-6">
            {afternoon.map((a) => (
              <li key={a.id}>
                {a.kind === "GP" ? "GP" : "Talking Therapies"} at {formatLondon(a.slot.startsAt, "HH:mm")}
                {a.slot.staff ? ` with ${a.slot.staff.name}` : ""} {a.reason ? <span className="text-slate-600">({a.reason})</span> : null}
              </li>
            ))}
            {waitlist.map((w) => (
              <li key={w.id} className="font-semibold text-nhs-red">
                {w.kind === "GP" ? "GP" : "Talking Therapies"}: on the waitlist. {w.reason}.
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="mt-6 max-w-3xl" aria-labelledby="phq4">
        <h2 id="phq4" className="text-xl font-bold">
          PHQ-4
        </h2>
        {current ? (
          <p className="mt-1">
            Recorded {formatLondon(current.recordedAt, "HH:mm")}: total <strong>{current.total}</strong> ({PHQ4_BAND_LABELS[phq4Band(current.total)]}).
            {appointment.phq4Assessments.length > 1 ? ` Amended ${appointment.phq4Assessments.length - 1} time(s); earlier answers are kept.` : ""}
          </p>
        ) : null}
        {checkedIn ? (
          <div className="mt-3">
            <Phq4Form appointmentId={appointment.id} amending={Boolean(current)} action={recordPhq4Action} />
          </div>
        ) : (
          <p className="mt-2 font-semibold">Reception has not checked this patient in yet.</p>
        )}
      </section>
    </>
  );
}
