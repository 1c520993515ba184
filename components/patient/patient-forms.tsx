/**
 * The patient's pages, as plain server-rendered forms: they work without JavaScript (each posts to a server
 * action), one question per page where it matters, large targets, and nothing that needs a wide screen (320 px).
 */
import type { FreeDay, PatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import type { FormFailure } from "@/components/forms/use-action-form";

type FormAction = (formData: FormData) => void | Promise<void>;

const button = "mt-4 inline-block rounded bg-nhs-green px-4 py-3 font-semibold text-white underline-offset-2 hover:underline";
const secondary = "mt-4 inline-block rounded border-2 border-slate-700 bg-white px-4 py-3 font-semibold text-slate-900";

/**
 * The GOV.UK error summary, rendered on the server (these pages need no JavaScript): "There is a problem", the
 * message, then a link to each field in error. It comes first on the page the failed post returns to.
 */
export function PatientErrorSummary({ failure, fieldId }: { failure: FormFailure | null; fieldId?: (field: string) => string | null }) {
  if (!failure) return null;
  const listed = Object.entries(failure.fieldErrors ?? {}).flatMap(([field, message]) => {
    const target = fieldId ? fieldId(field) : field;
    return target ? [{ field, message, target }] : [];
  });
  return (
    <div role="alert" aria-labelledby="error-summary-title" className="mb-6 border-4 border-nhs-red bg-white p-4">
      <h2 id="error-summary-title" className="text-xl font-bold">
        There is a problem
      </h2>
      <p className="mt-2">{failure.message}</p>
      {listed.length > 0 ? (
        <ul className="mt-2 list-disc pl-6">
          {listed.map(({ field, message, target }) => (
            <li key={field}>
              <a href={`#${target}`} className="font-semibold text-nhs-red underline">
                {message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function LinkMessage({ title, message }: { title: string; message: string }) {
  return (
    <>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-4">{message}</p>
    </>
  );
}

/** The GOV.UK date input: three boxes in one fieldset, the hint before them. */
export function DobForm({ action, failure }: { action: FormAction; failure: FormFailure | null }) {
  const invalid = Boolean(failure?.fieldErrors);
  return (
    <>
      <PatientErrorSummary failure={failure} fieldId={(f) => (["day", "month", "year"].includes(f) ? "dob-day" : null)} />
      <form action={action} noValidate>
        <fieldset aria-describedby={`dob-hint${invalid ? " dob-error" : ""}`}>
          <legend>
            <h1 className="text-2xl font-bold">What is your date of birth?</h1>
          </legend>
          <p id="dob-hint" className="mt-2 text-slate-700">
            We ask this to check the link is yours. For example, 27 3 1958.
          </p>
          {invalid ? (
            <p id="dob-error" className="mt-2 font-semibold text-nhs-red">
              <span className="sr-only">Error: </span>
              {failure?.message}
            </p>
          ) : null}
          <DobBoxes invalid={invalid} />
        </fieldset>
        <button type="submit" className={button}>
          Continue
        </button>
      </form>
    </>
  );
}

/** The GOV.UK date input's three boxes (day, month, year), for a fieldset whose legend asks the question. */
export function DobBoxes({ invalid }: { invalid: boolean }) {
  const box = (w: string) => `mt-1 block rounded border-2 px-2 py-2 ${w} ${invalid ? "border-nhs-red" : "border-slate-700"}`;
  return (
    <div className="mt-3 flex flex-wrap gap-4">
      <label className="block">
        Day
        <input id="dob-day" name="day" inputMode="numeric" autoComplete="bday-day" className={box("w-16")} aria-invalid={invalid || undefined} />
      </label>
      <label className="block">
        Month
        <input
          id="dob-month"
          name="month"
          inputMode="numeric"
          autoComplete="bday-month"
          className={box("w-16")}
          aria-invalid={invalid || undefined}
        />
      </label>
      <label className="block">
        Year
        <input id="dob-year" name="year" inputMode="numeric" autoComplete="bday-year" className={box("w-24")} aria-invalid={invalid || undefined} />
      </label>
    </div>
  );
}

/** Free times, one fieldset per clinic day (date and place as its legend), one radio per time. */
export function TimeChoice({
  days,
  action,
  submitLabel,
  failure,
}: {
  days: FreeDay[];
  action: FormAction;
  submitLabel: string;
  failure: FormFailure | null;
}) {
  if (days.length === 0) {
    return <p className="mt-4">There are no free times at the moment. Please contact your GP practice.</p>;
  }
  const firstId = `time-${days[0].times[0].slotId}`;
  return (
    <>
      <PatientErrorSummary failure={failure} fieldId={() => firstId} />
      <form action={action}>
        {days.map((day) => (
          <fieldset key={day.clinicDayId} className="mt-6">
            <legend className="text-xl font-bold">
              {day.dateLabel}
              <span className="block text-base font-normal">at {day.place}</span>
            </legend>
            <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
              {day.times.map((time) => (
                <label key={time.slotId} className="flex items-center gap-2 rounded border-2 border-slate-400 bg-white p-3">
                  <input id={`time-${time.slotId}`} type="radio" name="slotId" value={time.slotId} required className="h-6 w-6" />
                  {time.time}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit" className={button}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}

/** The booked appointment: when and where, and what the patient can do next. */
export function AppointmentSummary({
  appointment,
  changeHref,
  prepareHref,
  feelingsHref,
  cancelAction,
  checkInAction,
}: {
  appointment: NonNullable<PatientVisit["appointment"]>;
  changeHref: string;
  prepareHref: string;
  feelingsHref: string;
  cancelAction: FormAction;
  checkInAction: FormAction;
}) {
  return (
    <>
      <h1 className="text-2xl font-bold">Your appointment</h1>
      {appointment.isToday && !appointment.arrived ? (
        <form action={checkInAction} className="mt-4">
          <p>When you arrive, check in here or at the desk.</p>
          <button type="submit" className={button}>
            Check in now
          </button>
        </form>
      ) : null}
      <dl className="mt-4 rounded border-2 border-slate-400 bg-white p-4">
        <dt className="font-semibold">When</dt>
        <dd>
          {appointment.dateLabel} at {appointment.time}
        </dd>
        <dt className="mt-2 font-semibold">Where</dt>
        <dd>{appointment.place}</dd>
      </dl>
      {appointment.arrived ? (
        <p className="mt-4 font-semibold" role="status">
          You are checked in{appointment.selfCheckedIn ? "" : " at the desk"}. Please take a seat; you will be called.
        </p>
      ) : null}
      {!appointment.arrived ? (
        <p className="mt-4">
          {appointment.prepared ? "You have told us you are ready for the day. " : null}
          <a href={prepareHref} className="font-semibold text-nhs-blue underline">
            {appointment.prepared ? "See how to prepare" : "Prepare for your appointment"}
          </a>
        </p>
      ) : null}
      {!appointment.arrived ? (
        <p className="mt-4">
          {appointment.phq4AnsweredAt ? `You answered the questions about how you have been feeling on ${appointment.phq4AnsweredAt}. ` : null}
          <a href={feelingsHref} className="font-semibold text-nhs-blue underline">
            {appointment.phq4AnsweredAt ? "Answer them again" : "Answer four questions about how you have been feeling (optional)"}
          </a>
        </p>
      ) : null}
      {appointment.mayChange ? (
        <div className="mt-6">
          <h2 className="text-xl font-bold">Change or cancel</h2>
          <p className="mt-2">You can change or cancel this appointment until the day before.</p>
          <a href={changeHref} className={secondary}>
            Choose a different time
          </a>
          <form action={cancelAction} className="mt-2">
            <button type="submit" className="mt-2 rounded border-2 border-nhs-red bg-white px-4 py-3 font-semibold text-nhs-red">
              Cancel this appointment
            </button>
          </form>
        </div>
      ) : null}
    </>
  );
}
