/** The preparation checklist for the patient: what the day involves, in plain words, each item confirmed. */
import type { PatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import type { FormFailure } from "@/components/forms/use-action-form";
import { PatientErrorSummary } from "./patient-forms";

const ITEMS = [
  [
    "formatUnderstood",
    "What happens on the day",
    "In the morning you will have some health checks (such as blood pressure and weight) and a short questionnaire about how you have been feeling. Depending on what you need, you may be offered more appointments the same afternoon. Plan to be with us for the morning, and possibly the afternoon.",
  ],
  [
    "fastingUnderstood",
    "If you are having a blood test",
    "If we have asked you to have a blood test, do not eat anything for 12 hours before your appointment. You can drink water. Keep taking your usual medicines unless you have been told otherwise.",
  ],
  ["bringMedicinesList", "Bring your medicines", "Bring a list of all the medicines you take, or the medicines themselves in their boxes."],
  [
    "interpreterNeedsConfirmed",
    "Interpreter",
    "If you need an interpreter and have not told us, please call your GP practice so we can arrange one before the day.",
  ],
  [
    "accessNeedsConfirmed",
    "Getting here and access",
    "Tell us below if you need anything to make your visit easier, such as step-free access, a hearing loop or someone with you.",
  ],
] as const;

type FormAction = (formData: FormData) => void | Promise<void>;

export function PreparationForm({
  appointment,
  action,
  failure,
  backHref,
}: {
  appointment: NonNullable<PatientVisit["appointment"]>;
  action: FormAction;
  failure: FormFailure | null;
  backHref: string;
}) {
  const errors = failure?.fieldErrors ?? {};
  return (
    <>
      <PatientErrorSummary failure={failure} fieldId={(f) => (f === "accessNeeds" ? "accessNeeds" : `confirm-${f}`)} />
      <h1 className="text-2xl font-bold">Prepare for your appointment</h1>
      <p className="mt-2">
        {appointment.dateLabel} at {appointment.time}, {appointment.place}.
      </p>
      <form action={action} className="mt-4">
        {ITEMS.map(([name, title, text]) => (
          <section key={name} className="mt-6 rounded border-2 border-slate-300 bg-white p-4" aria-labelledby={`title-${name}`}>
            <h2 id={`title-${name}`} className="text-xl font-bold">
              {title}
            </h2>
            <p className="mt-2">{text}</p>
            {errors[name] ? (
              <p id={`confirm-${name}-error`} className="mt-2 font-semibold text-nhs-red">
                <span className="sr-only">Error: </span>
                {errors[name]}
              </p>
            ) : null}
            <label className="mt-3 flex items-start gap-3">
              <input
                id={`confirm-${name}`}
                type="checkbox"
                name={name}
                value="yes"
                className="mt-1 h-6 w-6 shrink-0"
                aria-describedby={errors[name] ? `confirm-${name}-error` : undefined}
                aria-invalid={errors[name] ? true : undefined}
              />
              <span>I have read this</span>
            </label>
          </section>
        ))}
        <label htmlFor="accessNeeds" className="mt-6 block font-semibold">
          Anything we should know to make your visit easier (optional)
        </label>
        <textarea id="accessNeeds" name="accessNeeds" rows={3} maxLength={500} className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2" />
        <button type="submit" className="mt-4 inline-block rounded bg-nhs-green px-4 py-3 font-semibold text-white">
          I am ready for my appointment
        </button>
      </form>
      <a href={backHref} className="mt-6 block font-semibold text-nhs-blue underline">
        Back to your appointment
      </a>
    </>
  );
}
