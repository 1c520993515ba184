"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, RadioOptions } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { isClosing, nextStatuses, REFERRAL_STATUS_LABELS, type ReferralStatus } from "@/lib/referral";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadUpdateReferralSchema: SchemaLoader = () => import("@/lib/validation/triage").then((m) => m.updateReferralSchema);

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
  action: (input: unknown) => Promise<ActionResult<{ status: string; date: string }>>;
}) {
  const router = useRouter();
  const options = nextStatuses(status);
  const [to, setTo] = useState<ReferralStatus | "">("");
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState("");
  const { pending, failure, errors, saved: done, setSaved: setDone, check, run } = useActionForm();
  const id = (field: string) => `rf-${referralId}-${field}`;
  const field = fieldErrors(errors, id, "mt-1 text-sm font-semibold text-nhs-red");

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { referralId, status: to || undefined, date, reason };
    if (!(await check(loadUpdateReferralSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setTo("");
        setDone(`${patientName}'s referral is now ${REFERRAL_STATUS_LABELS[data.status as ReferralStatus].toLowerCase()}.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <fieldset>
        <legend className="font-semibold">
          Move on<span className="sr-only"> {patientName}&apos;s referral</span>
        </legend>
        {field.error("status")}
        <div className="mt-1 space-y-1">
          <RadioOptions options={options} labels={REFERRAL_STATUS_LABELS} name={id("status")} idOf={id} value={to} onChange={setTo} />
        </div>
      </fieldset>
      <div>
        <label htmlFor={id("date")} className="block font-semibold">
          Date<span className="sr-only"> for {patientName}</span>
        </label>
        {field.error("date")}
        <input
          id={id("date")}
          type="date"
          max={today}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          {...field.aria("date")}
          className="mt-1 rounded border-2 border-slate-700 px-2 py-1"
        />
      </div>
      {to && isClosing(to) ? (
        <div>
          <label htmlFor={id("reason")} className="block font-semibold">
            Reason for closing<span className="sr-only"> {patientName}&apos;s referral</span>
          </label>
          {field.error("reason")}
          <textarea
            id={id("reason")}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            {...field.aria("reason")}
            className="mt-1 w-full rounded border-2 border-slate-700 p-2"
          />
        </div>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save"}
        <span className="sr-only"> {patientName}&apos;s referral</span>
      </button>
      <ErrorSummary failure={failure} />
      <p role="status" className="text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
