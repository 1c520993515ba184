import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TriageForm, type TriageFormValues } from "@/components/triage-form";
import { TriageVersions } from "@/components/triage-history";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { PHQ4_ANSWER_OPTIONS, PHQ4_BAND_LABELS, PHQ4_ITEMS } from "@/lib/phq4";
import { REFERRAL_STATUS_LABELS } from "@/lib/referral";
import { formatLondon, londonToday } from "@/lib/schedule";
import { BringToHuddleForm } from "@/components/huddle/bring-to-huddle-form";
import { hasPermission } from "@/lib/auth/permissions";
import { listHuddles } from "@/lib/services/huddles/list-huddles";
import { bringCaseAction } from "../../../huddle/actions";
import { getWrapAroundCheck } from "@/lib/services/assessments/get-wrap-around-check";
import { getTriageHistory } from "@/lib/services/triage/get-triage-history";
import { getTriageContext, type SavedTriage, type TriageContext } from "@/lib/services/triage/get-triage-context";
import { REFERRAL_PATHWAY_LABELS, ukDate, type ReferralPathway } from "@/lib/triage";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { BMI_CATEGORY_LABELS, bmiCategory } from "@/lib/wrap-around";
import { recordTriageAction } from "../../actions";
import { DataTable } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Triage" };

const APPOINTMENT_STATUS: Record<string, string> = {
  BOOKED: "Not called in yet",
  ARRIVED: "Called in",
  FULFILLED: "Finished",
  CANCELLED: "Cancelled",
  NOSHOW: "Did not attend",
  ENTERED_IN_ERROR: "Entered in error",
};

export default async function TriagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("triage:record");
  const { id } = await params;
  let data: TriageContext;
  try {
    data = await getTriageContext(ctx, id);
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { patient, appointment, phq4, saved } = data;
  const wrapAround = data.morningAppointmentId ? await getWrapAroundCheck(ctx, data.morningAppointmentId) : null;
  const canTriage = appointment.status === "ARRIVED" || appointment.status === "FULFILLED";
  const huddles =
    saved && (saved.outcome === "SIGNPOST" || saved.outcome === "REVIEW_LATER") && hasPermission(ctx.actor.roles, "huddle:bring")
      ? (await listHuddles(ctx)).huddles.filter((h) => !h.closed)
      : null;
  // An LTC referral starts on the patient's first listed condition (it only counts once that pathway is chosen). The
  // form fills in the rest of an unsaved triage from EMPTY_TRIAGE itself: on the server, an export of a client module
  // is only a reference to it, so spreading it here would give nothing (a new triage then had no recommendations list).
  const firstCondition = patient.longTermConditions[0] ?? "";
  const initial: Partial<TriageFormValues> = saved
    ? { ...formValues(saved), ltcCondition: saved.ltcCondition || firstCondition }
    : { ltcCondition: firstCondition };
  // This triage's kept versions (and its risk's reviews), newest first.
  const history = saved
    ? (await getTriageHistory(ctx, { patientId: patient.id })).triages.find((t) => t.appointmentId === appointment.id)
    : undefined;

  return (
    <>
      <PageHeader back="/therapies" backLabel="Back to the afternoon list" title={patient.name} />
      <dl className="mt-3 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">NHS number</dt>
        <dd>{formatNhsNumber(patient.nhsNumber)}</dd>
        <dt className="font-semibold">Date of birth</dt>
        <dd>{ukDate(patient.dateOfBirth)}</dd>
        <dt className="font-semibold">Talking Therapies</dt>
        <dd>
          {formatLondon(appointment.startsAt, "HH:mm")} on {ukDate(appointment.date)}, {appointment.clinicName} (
          {APPOINTMENT_STATUS[appointment.status]}){data.gpAt ? `; GP at ${formatLondon(data.gpAt, "HH:mm")}` : ""}
        </dd>
        <dt className="font-semibold">Long-term conditions</dt>
        <dd>{patient.longTermConditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"}</dd>
        <dt className="font-semibold">Language</dt>
        <dd>
          {patient.preferredLanguage}
          {patient.interpreterNeeded ? <strong> (interpreter needed)</strong> : ""}
        </dd>
        <dt className="font-semibold">Access needs</dt>
        <dd>{patient.accessibilityNeeds ?? "None recorded"}</dd>
      </dl>

      <section className="mt-6 max-w-3xl" aria-labelledby="phq4">
        <h2 id="phq4" className="text-xl font-bold">
          This morning&apos;s PHQ-4
        </h2>
        {phq4 ? (
          <>
            <p className="mt-1">
              Total <strong>{phq4.total}</strong> of 12 ({PHQ4_BAND_LABELS[phq4.band]}). Anxiety (GAD-2) <strong>{phq4.anxiety}</strong>
              {phq4.anxietyPositive ? " (positive)" : ""}; depression (PHQ-2) <strong>{phq4.depression}</strong>
              {phq4.depressionPositive ? " (positive)" : ""}. Recorded at {formatLondon(phq4.recordedAt, "HH:mm")}
              {phq4.amended ? ", amended" : ""}.
            </p>
            <DataTable
              className="mt-2 w-full border-collapse bg-white text-left"
              caption="PHQ-4 answers"
              columns={["Question", "Subscale", "Answer"]}
            >
              {PHQ4_ITEMS.map((item, i) => (
                <tr key={item.number} className="border-b border-slate-200">
                  <td className="p-2">
                    {item.number}. {item.text}
                  </td>
                  <td className="p-2">{item.subscale === "anxiety" ? "GAD-2" : "PHQ-2"}</td>
                  <td className="p-2">
                    {PHQ4_ANSWER_OPTIONS[phq4.answers[i]].label} ({phq4.answers[i]})
                  </td>
                </tr>
              ))}
            </DataTable>
          </>
        ) : (
          <p className="mt-1">No PHQ-4 was recorded at this clinic day&apos;s morning appointment.</p>
        )}
      </section>

      <section className="mt-6 max-w-3xl" aria-labelledby="wrap-around">
        <h2 id="wrap-around" className="text-xl font-bold">
          Wrap-around results
        </h2>
        {wrapAround ? (
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
            {wrapAround.systolic !== null && wrapAround.diastolic !== null ? (
              <>
                <dt className="font-semibold">Blood pressure</dt>
                <dd>
                  {wrapAround.systolic}/{wrapAround.diastolic} mmHg
                </dd>
              </>
            ) : null}
            {wrapAround.pulse !== null ? (
              <>
                <dt className="font-semibold">Pulse</dt>
                <dd>{wrapAround.pulse} a minute</dd>
              </>
            ) : null}
            {wrapAround.bmi !== null ? (
              <>
                <dt className="font-semibold">BMI</dt>
                <dd>
                  {wrapAround.bmi.toFixed(1)} kg/m² ({BMI_CATEGORY_LABELS[bmiCategory(wrapAround.bmi)]})
                </dd>
              </>
            ) : null}
            <dt className="font-semibold">Bloods taken</dt>
            <dd>{wrapAround.bloodsTaken ? "Yes" : "No"}</dd>
            {(
              [
                ["Foot check", wrapAround.footCheck],
                ["Spirometry", wrapAround.spirometry],
                ["Inhaler check", wrapAround.inhalerCheck],
                ["Other tests", wrapAround.otherTests],
                ["Notes", wrapAround.notes],
              ] as const
            )
              .filter(([, v]) => v)
              .map(([label, v]) => (
                <div key={label} className="contents">
                  <dt className="font-semibold">{label}</dt>
                  <dd className="whitespace-pre-line">{v}</dd>
                </div>
              ))}
          </dl>
        ) : (
          <p className="mt-1">No wrap-around checks were recorded this morning.</p>
        )}
      </section>

      <section className="mt-6 max-w-3xl" aria-labelledby="triage">
        <h2 id="triage" className="text-xl font-bold">
          Triage
        </h2>
        {saved ? (
          <p className="mt-1">
            Recorded by {saved.recordedBy} at {formatLondon(saved.recordedAt, "HH:mm")} on {formatLondon(saved.recordedAt, "d MMMM yyyy")}
            {saved.updatedAt.getTime() - saved.recordedAt.getTime() > 1000 ? `, last changed at ${formatLondon(saved.updatedAt, "HH:mm")}` : ""}.
            Saving a change makes a new version and keeps this one.{" "}
            <Link href={`/patients/${patient.id}/triage-history`} className="text-nhs-blue underline">
              All of {patient.name}&apos;s triages and risks
            </Link>
          </p>
        ) : null}
        {data.referral ? (
          <p className="mt-1">
            Referral: {REFERRAL_PATHWAY_LABELS[data.referral.pathway as ReferralPathway]},{" "}
            {REFERRAL_STATUS_LABELS[data.referral.status as keyof typeof REFERRAL_STATUS_LABELS].toLowerCase()}.{" "}
            <Link href="/therapies/referrals" className="text-nhs-blue underline">
              Open the referrals
            </Link>
          </p>
        ) : null}
        {data.review ? (
          <p className="mt-1">
            Review chosen for {ukDate(data.review.date)}: {data.review.text}.
          </p>
        ) : null}
        {canTriage ? (
          <div className="mt-3">
            <TriageForm
              appointmentId={appointment.id}
              initial={initial}
              initialSaved={Boolean(saved)}
              reviewDays={data.reviewDays}
              patientConditions={patient.longTermConditions}
              action={recordTriageAction}
            />
          </div>
        ) : (
          <p className="mt-2 font-semibold">
            {appointment.status === "BOOKED"
              ? "Call the patient in from the afternoon list before recording the triage."
              : "This appointment did not go ahead, so no triage can be recorded."}
          </p>
        )}
      </section>

      {saved && (saved.outcome === "SIGNPOST" || saved.outcome === "REVIEW_LATER") && huddles ? (
        <section className="mt-8 max-w-3xl" aria-labelledby="bring-heading">
          <h2 id="bring-heading" className="text-xl font-bold">
            Bring to the referral huddle
          </h2>
          <p className="mt-1 text-slate-700">Not sure which service, or too complex for Talking Therapies? The PCN&apos;s huddle decides together.</p>
          <BringToHuddleForm patientId={patient.id} patientName={patient.name} huddles={huddles} today={londonToday()} action={bringCaseAction} />
        </section>
      ) : null}

      {history ? (
        <section className="mt-8 max-w-3xl" aria-labelledby="triage-versions">
          <h2 id="triage-versions" className="text-xl font-bold">
            Versions of this triage
          </h2>
          <div className="mt-2">
            <TriageVersions entry={history} />
          </div>
        </section>
      ) : null}
    </>
  );
}

function formValues({ recordedAt: _recordedAt, updatedAt: _updatedAt, recordedBy: _recordedBy, ...fields }: SavedTriage): TriageFormValues {
  return { ...fields, recommendations: fields.recommendations.length > 0 ? fields.recommendations : [""] };
}
