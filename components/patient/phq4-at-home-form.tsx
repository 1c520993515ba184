/**
 * The PHQ-4 for the patient to answer at home, before the day: the published questions and answers as four radio
 * groups in a plain form (no JavaScript needed), and what happens to the answers. It shows no score: the health
 * buddy goes through the answers with the patient on the day.
 */
import type { FormFailure } from "@/components/forms/use-action-form";
import { PHQ4_ANSWER_OPTIONS, PHQ4_ITEMS, PHQ4_STEM } from "@/lib/phq4";
import { PatientErrorSummary } from "./patient-forms";

type FormAction = (formData: FormData) => void | Promise<void>;

/** The schema names answers by their index ("0"–"3"); the form's radio groups are q1–q4. */
const questionOf = (field: string) => (/^[0-3]$/.test(field) ? Number(field) + 1 : null);

export function Phq4AtHomeForm({
  action,
  failure,
  answeredAt,
  backHref,
}: {
  action: FormAction;
  failure: FormFailure | null;
  answeredAt: string | null;
  backHref: string;
}) {
  const errors = failure?.fieldErrors ?? {};
  return (
    <>
      <PatientErrorSummary
        failure={failure}
        fieldId={(f) => {
          const q = questionOf(f);
          return q ? `q${q}-0` : null;
        }}
      />
      <h1 className="text-2xl font-bold">How you have been feeling</h1>
      <p className="mt-2">
        These four questions are part of your appointment. You can answer them now, or on the day. On the day a health buddy will go through your
        answers with you, and you can change any of them then.
      </p>
      {answeredAt ? (
        <p className="mt-2 font-semibold" role="status">
          You answered these questions on {answeredAt}. You can answer them again if something has changed.
        </p>
      ) : null}
      <div className="mt-4 border-l-4 border-nhs-blue bg-white p-4">
        <h2 className="font-bold">If you need help now</h2>
        <p className="mt-1">
          These answers are not read until your appointment. If you feel you might harm yourself or you need help urgently, call 999 or go to A&amp;E.
          For urgent mental health help, call NHS 111 and choose the mental health option. You can talk to Samaritans any time on 116 123.
        </p>
      </div>
      <form action={action} className="mt-4" noValidate>
        <p className="font-semibold">{PHQ4_STEM}</p>
        {PHQ4_ITEMS.map((item, index) => {
          const error = errors[String(index)];
          return (
            <fieldset
              key={item.number}
              className={`mt-4 rounded border-2 bg-white p-4 ${error ? "border-nhs-red" : "border-slate-300"}`}
              aria-describedby={error ? `q${item.number}-error` : undefined}
            >
              <legend className="px-1 font-semibold">
                {item.number}. {item.text}
              </legend>
              {error ? (
                <p id={`q${item.number}-error`} className="mt-1 font-semibold text-nhs-red">
                  <span className="sr-only">Error: </span>
                  {error}
                </p>
              ) : null}
              {PHQ4_ANSWER_OPTIONS.map((option) => (
                <label key={option.value} className="mt-2 flex items-center gap-3 rounded border border-slate-300 p-3">
                  <input
                    id={`q${item.number}-${option.value}`}
                    type="radio"
                    name={`q${item.number}`}
                    value={option.value}
                    className="h-6 w-6 shrink-0"
                  />
                  <span>{option.label}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
        <button type="submit" className="mt-4 inline-block rounded bg-nhs-green px-4 py-3 font-semibold text-white">
          Send my answers
        </button>
      </form>
      <a href={backHref} className="mt-6 block font-semibold text-nhs-blue underline">
        Back to your appointment
      </a>
    </>
  );
}
