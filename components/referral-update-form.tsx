"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { checkBeforeSending, ErrorSummary, type ActionOutcome } from "@/components/error-summary";
import { isClosing, nextStatuses, REFERRAL_STATUS_LABELS, type ReferralStatus } from "@/lib/referral";
import { updateReferralSchema } from "@/lib/validation/triage";

/**
 * Moves one referral a step on: the next statuses only, the date it happened
 * (today by default, never later), and the reason when it is closed.
 */
export function ReferralUpdateForm({
  referralId,
  patientName,
  status,
  today,
  action,
}: {
  referralId: string;
  patientName: string;
  status: ReferralStatus;
  today: string;
  action: (input: unknown) => Promise<ActionOutcome<{ status: string; date: string }>>;
}) {
  const router = useRouter();
  const options = nextStatuses(status);
  const [to, setTo] = useState<ReferralStatus | "">("");
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<{ message: string; fieldErrors: Record<string, string> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = (field: string) => `rf-${referralId}-${field}`;
  const errors = failure?.fieldErrors ?? {};

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { referralId, status: to || undefined, date, reason };
    const local = checkBeforeSending(updateReferralSchema, payload);
    if (local) {
      setDone(null);
      setFailure(local);
      return;
    }
    start(async () => {
      const result = await action(payload);
      if (result.ok) {
        setFailure(null);
        setTo("");
        setDone(`${patientName}'s referral is now ${REFERRAL_STATUS_LABELS[result.data.status as ReferralStatus].toLowerCase()}.`);
        router.refresh();
      } else {
        setDone(null);
        setFailure({ message: result.message, fieldErrors: result.fieldErrors ?? {} });
      }
    });
  }

  const error = (field: string) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="mt-1 text-sm font-semibold text-nhs-red">
        <span className="sr-only">Error: </span>
        {errors[field]}
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <fieldset>
        <legend className="font-semibold">
          Move on<span className="sr-only"> {patientName}&apos;s referral</span>
        </legend>
        {error("status")}
        <div className="mt-1 space-y-1">
          {options.map((s) => (
            <label key={s} htmlFor={id(s)} className="flex cursor-pointer items-center gap-2">
              <input id={id(s)} type="radio" name={id("status")} value={s} checked={to === s} onChange={() => setTo(s)} className="h-5 w-5" />
              {REFERRAL_STATUS_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={id("date")} className="block font-semibold">
          Date<span className="sr-only"> for {patientName}</span>
        </label>
        {error("date")}
        <input
          id={id("date")}
          type="date"
          max={today}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          aria-invalid={errors.date ? true : undefined}
          aria-describedby={errors.date ? id("date-error") : undefined}
          className="mt-1 rounded border-2 border-slate-700 px-2 py-1"
        />
      </div>
      {to && isClosing(to) ? (
        <div>
          <label htmlFor={id("reason")} className="block font-semibold">
            Reason for closing<span className="sr-only"> {patientName}&apos;s referral</span>
          </label>
          {error("reason")}
          <textarea
            id={id("reason")}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? id("reason-error") : undefined}
            className="mt-1 w-full rounded border-2 border-slate-700 p-2"
          />
        </div>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save"}
        <span className="sr-only"> {patientName}&apos;s referral</span>
      </button>
      <ErrorSummary message={failure?.message ?? null} fieldErrors={failure?.fieldErrors} />
      <p role="status" className="text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
