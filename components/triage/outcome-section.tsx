import { RadioOptions } from "@/components/forms/field";
import { LONG_TERM_CONDITIONS } from "@/lib/patients/reference-data";
import {
  REFERRAL_PATHWAY_LABELS,
  REFERRAL_PATHWAYS,
  SIGNPOST_KIND_LABELS,
  SIGNPOST_KINDS,
  TRIAGE_OUTCOME_LABELS,
  TRIAGE_OUTCOMES,
  ukDate,
} from "@/lib/triage";
import { boxClass, type TriageSectionProps } from "./fields";

export type ReviewDay = { id: string; date: string; freeSlots: number };

/** The outcome, with only the fields that outcome needs. */
export function OutcomeSection(props: TriageSectionProps & { reviewDays: ReviewDay[]; patientConditions: readonly string[] }) {
  const { values, set, field } = props;
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4" aria-describedby={field.invalid("outcome") ? "tr-outcome-error" : undefined}>
      <legend className="px-1 font-semibold">Outcome</legend>
      {field.error("outcome")}
      <div className="mt-2 space-y-2">
        <RadioOptions
          options={TRIAGE_OUTCOMES}
          labels={TRIAGE_OUTCOME_LABELS}
          name="outcome"
          idOf={(o) => `tr-outcome-${o}`}
          value={values.outcome}
          onChange={(o) => set("outcome", o)}
          labelClassName="flex cursor-pointer items-center gap-3"
        />
      </div>
      {values.outcome === "REFER" ? <ReferFields {...props} /> : null}
      {values.outcome === "SIGNPOST" ? <SignpostFields {...props} /> : null}
      {values.outcome === "REVIEW_LATER" ? <ReviewFields {...props} /> : null}
    </fieldset>
  );
}

function ReferFields({ values, set, field, patientConditions }: TriageSectionProps & { patientConditions: readonly string[] }) {
  return (
    <div className="mt-4 space-y-4 border-l-4 border-slate-300 pl-4">
      <fieldset aria-describedby={field.invalid("pathway") ? "tr-pathway-error" : undefined}>
        <legend className="font-semibold">Pathway</legend>
        {field.error("pathway")}
        <div className="mt-1 space-y-2">
          <RadioOptions
            options={REFERRAL_PATHWAYS}
            labels={REFERRAL_PATHWAY_LABELS}
            name="pathway"
            idOf={(p) => `tr-pathway-${p}`}
            value={values.pathway}
            onChange={(p) => set("pathway", p)}
            labelClassName="flex cursor-pointer items-center gap-3"
          />
        </div>
      </fieldset>
      {values.pathway === "LONG_TERM_CONDITIONS" ? (
        <ConditionField values={values} set={set} field={field} patientConditions={patientConditions} />
      ) : null}
      <div>
        {field.error("consentToReferral")}
        <label htmlFor="tr-consentToReferral" className="flex cursor-pointer items-center gap-3 font-semibold">
          <input
            id="tr-consentToReferral"
            type="checkbox"
            checked={values.consentToReferral}
            onChange={(e) => set("consentToReferral", e.target.checked)}
            {...field.aria("consentToReferral")}
            className="h-6 w-6"
          />
          The patient consents to the referral
        </label>
      </div>
    </div>
  );
}

/** The condition an LTC referral is for: the patient's own conditions first (the form starts on the first of them). */
function ConditionField({ values, set, field, patientConditions }: TriageSectionProps & { patientConditions: readonly string[] }) {
  const own = LONG_TERM_CONDITIONS.filter(([code]) => patientConditions.includes(code));
  const others = LONG_TERM_CONDITIONS.filter(([code]) => !patientConditions.includes(code));
  const options = (list: typeof own) =>
    list.map(([code, label]) => (
      <option key={code} value={code}>
        {label}
      </option>
    ));
  return (
    <div>
      <label htmlFor="tr-ltcCondition" className="block font-semibold">
        Long-term condition
      </label>
      {field.error("ltcCondition")}
      <select
        id="tr-ltcCondition"
        value={values.ltcCondition}
        onChange={(e) => set("ltcCondition", e.target.value)}
        {...field.aria("ltcCondition")}
        className={`${boxClass(field.invalid("ltcCondition"))} max-w-md bg-white`}
      >
        <option value="">Choose…</option>
        {own.length > 0 ? (
          <>
            <optgroup label="The patient's conditions">{options(own)}</optgroup>
            <optgroup label="Other conditions">{options(others)}</optgroup>
          </>
        ) : (
          options(others)
        )}
      </select>
    </div>
  );
}

function SignpostFields({ values, set, field }: TriageSectionProps) {
  return (
    <div className="mt-4 space-y-4 border-l-4 border-slate-300 pl-4">
      <div>
        <label htmlFor="tr-signpostKind" className="block font-semibold">
          Kind of service
        </label>
        {field.error("signpostKind")}
        <select
          id="tr-signpostKind"
          value={values.signpostKind}
          onChange={(e) => set("signpostKind", e.target.value)}
          {...field.aria("signpostKind")}
          className={`${boxClass(field.invalid("signpostKind"))} max-w-md bg-white`}
        >
          <option value="">Choose…</option>
          {SIGNPOST_KINDS.map((k) => (
            <option key={k} value={k}>
              {SIGNPOST_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="tr-signpostTo" className="block font-semibold">
          Name of the service
        </label>
        {field.error("signpostTo")}
        <input
          id="tr-signpostTo"
          type="text"
          value={values.signpostTo}
          onChange={(e) => set("signpostTo", e.target.value)}
          {...field.aria("signpostTo")}
          className={`${boxClass(field.invalid("signpostTo"))} max-w-md`}
        />
      </div>
    </div>
  );
}

function ReviewFields({ values, set, field, reviewDays }: TriageSectionProps & { reviewDays: ReviewDay[] }) {
  return (
    <div className="mt-4 border-l-4 border-slate-300 pl-4">
      <label htmlFor="tr-reviewClinicDayId" className="block font-semibold">
        Clinic day for the review
      </label>
      <p id="tr-review-hint" className="text-slate-700">
        A Talking Therapies slot is booked on that day; if it is full the patient is waitlisted for it.
      </p>
      {field.error("reviewClinicDayId")}
      {reviewDays.length === 0 ? <p className="mt-1 font-semibold">No later clinic day is scheduled for this clinic.</p> : null}
      <select
        id="tr-reviewClinicDayId"
        value={values.reviewClinicDayId}
        onChange={(e) => set("reviewClinicDayId", e.target.value)}
        {...field.aria("reviewClinicDayId", "tr-review-hint")}
        className={`${boxClass(field.invalid("reviewClinicDayId"))} max-w-xl bg-white`}
      >
        <option value="">Choose a clinic day…</option>
        {reviewDays.map((d) => (
          <option key={d.id} value={d.id}>
            {ukDate(d.date)}:{" "}
            {d.freeSlots === 0
              ? "no Talking Therapies slot free (waitlist)"
              : `${d.freeSlots} Talking Therapies ${d.freeSlots === 1 ? "slot" : "slots"} free`}
          </option>
        ))}
      </select>
    </div>
  );
}
