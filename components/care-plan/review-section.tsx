import { useEffect, useRef } from "react";
import { inputClass } from "@/components/forms/field";
import { ukDate, type CarePlanSectionProps } from "./fields";

export type KeyWorker = { id: string; name: string };
export type CarePlanReviewDay = { id: string; date: string; clinicName: string };

/** The key worker who keeps in touch, the next review date and the clinic day it is booked into. */
export function KeyWorkerAndReview({
  values,
  set,
  field,
  today,
  keyWorkers,
  reviewDays,
}: CarePlanSectionProps & { today: string; keyWorkers: KeyWorker[]; reviewDays: CarePlanReviewDay[] }) {
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">Key worker and next review</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="cp-keyWorkerId" className="block font-semibold">
            Key worker
          </label>
          <select
            id="cp-keyWorkerId"
            value={values.keyWorkerId}
            onChange={(e) => set("keyWorkerId", e.target.value)}
            {...field.aria("keyWorkerId")}
            className={inputClass(field.invalid("keyWorkerId"))}
          >
            <option value="">Choose a health buddy</option>
            {keyWorkers.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
          {field.error("keyWorkerId")}
        </div>
        <div>
          <label htmlFor="cp-nextReviewDate" className="block font-semibold">
            Next review date
          </label>
          <input
            id="cp-nextReviewDate"
            type="date"
            min={today}
            value={values.nextReviewDate}
            onChange={(e) => set("nextReviewDate", e.target.value)}
            {...field.aria("nextReviewDate")}
            className={inputClass(field.invalid("nextReviewDate"))}
          />
          {field.error("nextReviewDate")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="cp-reviewClinicDayId" className="block font-semibold">
            Book the review into
          </label>
          <p id="cp-reviewClinicDayId-hint" className="text-slate-700">
            A clinic day on or after the review date; or leave it on the review list and reception books it.
          </p>
          <select
            id="cp-reviewClinicDayId"
            value={values.reviewClinicDayId}
            onChange={(e) => set("reviewClinicDayId", e.target.value)}
            {...field.aria("reviewClinicDayId", "cp-reviewClinicDayId-hint")}
            className={inputClass(field.invalid("reviewClinicDayId"))}
          >
            <option value="">No clinic day yet: put on the review list</option>
            {reviewDays.map((d) => (
              <option key={d.id} value={d.id}>
                {ukDate(d.date)} ({d.clinicName})
              </option>
            ))}
          </select>
          {field.error("reviewClinicDayId")}
        </div>
      </div>
    </fieldset>
  );
}

/** "Finalise …’s care plan?": what finalising will do, then "Yes, finalise" or "Cancel". */
export function FinaliseConfirmation({
  patientName,
  values,
  keyWorkers,
  reviewDays,
  pending,
  onConfirm,
  onCancel,
}: {
  patientName: string;
  values: CarePlanSectionProps["values"];
  keyWorkers: KeyWorker[];
  reviewDays: CarePlanReviewDay[];
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const chosenDay = reviewDays.find((d) => d.id === values.reviewClinicDayId);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Focused when the confirmation opens, so the keyboard is on the decision.
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby="cp-confirm-title"
      aria-describedby="cp-confirm-text"
      className="rounded border-4 border-nhs-blue bg-blue-50 p-4"
    >
      <h3 id="cp-confirm-title" className="text-lg font-bold">
        Finalise {patientName}’s care plan?
      </h3>
      <p id="cp-confirm-text" className="mt-1">
        It will be locked: later changes make a new version with a reason.{" "}
        {values.keyWorkerId
          ? `${keyWorkers.find((k) => k.id === values.keyWorkerId)?.name ?? "The key worker"} keeps in touch`
          : "The key worker keeps in touch"}{" "}
        until the review
        {values.nextReviewDate ? ` on ${ukDate(values.nextReviewDate)}` : ""}
        {chosenDay ? `, booked into the clinic day of ${ukDate(chosenDay.date)}` : ", which goes on the review list for reception to book"}.
      </p>
      <div className="mt-3 flex flex-wrap gap-3">
        <button
          ref={confirmRef}
          type="button"
          disabled={pending}
          onClick={onConfirm}
          className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60"
        >
          {pending ? "Finalising…" : "Yes, finalise"}
        </button>
        <button type="button" disabled={pending} onClick={onCancel} className="rounded border-2 border-slate-700 bg-white px-5 py-2 font-semibold">
          Cancel
        </button>
      </div>
    </div>
  );
}
