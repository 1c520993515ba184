import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Phq4Form } from "@/components/phq4-form";
import { EMPTY_WRAP_AROUND, WrapAroundForm } from "@/components/wrap-around-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { PHQ4_BAND_LABELS, phq4Band } from "@/lib/phq4";
import { formatLondon } from "@/lib/schedule";
import { getAssessmentContext } from "@/lib/services/assessments/get-assessment-context";
import { getWrapAroundCheck, type SavedWrapAroundCheck } from "@/lib/services/assessments/get-wrap-around-check";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { WRAP_AROUND_LABELS } from "@/lib/wrap-around/labels";
import { BMI_CATEGORY_LABELS, bmiCategory, suggestedChecks } from "@/lib/wrap-around";
import { recordPhq4Action, recordWrapAroundCheckAction } from "../../actions";

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
  const wrapAround = await getWrapAroundCheck(ctx, id);
  const { patient } = appointment;
  const current = appointment.phq4Assessments.at(-1);
  const home = appointment.homePhq4[0];
  const checkedIn = appointment.status === "ARRIVED" || appointment.status === "FULFILLED";
  const suggestions = suggestedChecks(patient.longTermConditions);
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

      <section className="mt-6 max-w-3xl" aria-labelledby="wrap-around">
        <h2 id="wrap-around" className="text-xl font-bold">
          Wrap-around checks
        </h2>
        <h3 className="mt-2 font-semibold">Suggested for this patient&apos;s conditions</h3>
        <ul className="mt-1 list-disc pl-6">
          {suggestions.map((s) => (
            <li key={s.check}>
              {s.label}
              {s.important ? <strong className="text-nhs-red"> (important)</strong> : null}
              {s.because.length > 0 ? (
                <span className="text-slate-700">: {s.because.map((c) => CONDITION_LABELS[c as keyof typeof CONDITION_LABELS]).join(", ")}</span>
              ) : (
                <span className="text-slate-700">: everyone</span>
              )}
            </li>
          ))}
        </ul>
        {wrapAround ? <SavedChecks check={wrapAround} /> : null}
        {checkedIn ? (
          <div className="mt-3">
            <WrapAroundForm
              appointmentId={appointment.id}
              initial={wrapAround ? formValues(wrapAround) : EMPTY_WRAP_AROUND}
              suggested={suggestions.filter((s) => s.because.length > 0).map((s) => s.check)}
              action={recordWrapAroundCheckAction}
            />
          </div>
        ) : (
          <p className="mt-2 font-semibold">Reception has not checked this patient in yet.</p>
        )}
      </section>

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
        {home && !current ? (
          <div className="mt-2 rounded border-l-4 border-nhs-blue bg-blue-50 p-4" data-testid="phq4-at-home">
            <p className="font-semibold">
              Answered at home on {formatLondon(home.answeredAt, "d MMMM 'at' HH:mm")}: total {home.total} ({PHQ4_BAND_LABELS[phq4Band(home.total)]}).
            </p>
            <p className="mt-1">Not used until you confirm it with the patient{checkedIn ? " below" : " once they are checked in"}.</p>
          </div>
        ) : null}
        {current ? (
          <p className="mt-1">
            Recorded {formatLondon(current.recordedAt, "HH:mm")}: total <strong>{current.total}</strong> ({PHQ4_BAND_LABELS[phq4Band(current.total)]}
            ).
            {current.confirmsHomeId ? " Confirmed with the patient from their answers at home." : ""}
            {appointment.phq4Assessments.length > 1 ? ` Amended ${appointment.phq4Assessments.length - 1} time(s); earlier answers are kept.` : ""}
          </p>
        ) : null}
        {checkedIn ? (
          <div className="mt-3">
            <Phq4Form
              appointmentId={appointment.id}
              amending={Boolean(current)}
              action={recordPhq4Action}
              home={home && !current ? { id: home.id, answers: [home.nervous, home.worrying, home.littleInterest, home.feelingDown] } : undefined}
            />
          </div>
        ) : (
          <p className="mt-2 font-semibold">Reception has not checked this patient in yet.</p>
        )}
      </section>
    </>
  );
}

function formValues(check: SavedWrapAroundCheck) {
  const text = (v: number | string | null) => (v === null ? "" : String(v));
  return {
    systolic: text(check.systolic),
    diastolic: text(check.diastolic),
    pulse: text(check.pulse),
    weightKg: text(check.weightKg),
    heightCm: text(check.heightCm),
    bloodsTaken: check.bloodsTaken,
    footCheck: text(check.footCheck),
    spirometry: text(check.spirometry),
    inhalerCheck: text(check.inhalerCheck),
    otherTests: text(check.otherTests),
    notes: text(check.notes),
  };
}

/** What is stored now, and who saved it when, so the buddy sees the record and not only the form. */
function SavedChecks({ check }: { check: SavedWrapAroundCheck }) {
  const rows: Array<[string, string]> = [];
  if (check.systolic !== null && check.diastolic !== null) rows.push(["Blood pressure", `${check.systolic}/${check.diastolic} mmHg`]);
  if (check.pulse !== null) rows.push([WRAP_AROUND_LABELS.pulse, String(check.pulse)]);
  if (check.weightKg !== null) rows.push([WRAP_AROUND_LABELS.weightKg, check.weightKg.toFixed(1)]);
  if (check.heightCm !== null) rows.push([WRAP_AROUND_LABELS.heightCm, check.heightCm.toFixed(1)]);
  if (check.bmi !== null) rows.push(["BMI", `${check.bmi.toFixed(1)} kg/m² (${BMI_CATEGORY_LABELS[bmiCategory(check.bmi)]})`]);
  rows.push([WRAP_AROUND_LABELS.bloodsTaken, check.bloodsTaken ? "Yes" : "No"]);
  for (const key of ["footCheck", "spirometry", "inhalerCheck", "otherTests", "notes"] as const) {
    const value = check[key];
    if (value) rows.push([WRAP_AROUND_LABELS[key], value]);
  }
  return (
    <div className="mt-3 rounded border-l-4 border-nhs-blue bg-blue-50 p-4">
      <p className="font-semibold">
        Saved by {check.recordedByName} at {formatLondon(check.recordedAt, "HH:mm")} on {formatLondon(check.recordedAt, "d MMMM yyyy")}
      </p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd className="whitespace-pre-line">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
