"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, RadioOptions } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { RISK_REVIEW_LABELS, RISK_REVIEW_OUTCOMES, RISK_REVIEW_VERBS, type RiskReviewOutcome } from "@/lib/triage/risk";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadReviewRiskSchema: SchemaLoader = () => import("@/lib/validation/risk").then((m) => m.reviewRiskSchema);

/**
 * Records one open risk as reviewed or resolved, with the reason (required).
 * The flag then ends everywhere; the record stays in the triage history. The
 * form goes with the risk when the page refreshes, so the confirmation is the
 * caller's (`onDone`), shown somewhere that stays.
 */
export function RiskReviewForm({
  triageOutcomeId,
  version,
  label,
  action,
  onDone,
}: {
  triageOutcomeId: string;
  /** The triage version shown: the server refuses if the triage has changed since. */
  version: number;
  /** Names the risk for screen readers: "the risk from the triage of 7 April 2027". */
  label: string;
  action: (input: unknown) => Promise<ActionResult<{ outcome: RiskReviewOutcome }>>;
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<RiskReviewOutcome | "">("");
  const [reason, setReason] = useState("");
  const { pending, failure, errors, check, run } = useActionForm();
  const id = (field: string) => `rr-${triageOutcomeId}-${field}`;
  const field = fieldErrors(errors, id);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { triageOutcomeId, version, outcome: outcome || undefined, reason };
    if (!(await check(loadReviewRiskSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        onDone(`${label[0].toUpperCase()}${label.slice(1)} is recorded as ${RISK_REVIEW_VERBS[data.outcome]}: its flag has gone from every list.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3 rounded border border-slate-300 bg-white p-3">
      <fieldset aria-describedby={field.describedBy("outcome")}>
        <legend className="font-semibold">
          Record {label} as<span className="sr-only"> reviewed or resolved</span>
        </legend>
        {field.error("outcome")}
        <div className="mt-1 space-y-1">
          <RadioOptions
            options={RISK_REVIEW_OUTCOMES}
            labels={RISK_REVIEW_LABELS}
            name={id("outcome")}
            idOf={id}
            value={outcome}
            onChange={setOutcome}
          />
        </div>
      </fieldset>
      <div>
        <label htmlFor={id("reason")} className="block font-semibold">
          Reason<span className="sr-only"> for {label}</span>
        </label>
        <p id={id("reason-hint")} className="text-sm text-slate-700">
          What was reviewed and with whom, or why the risk is no longer present. Kept with your name and the time.
        </p>
        {field.error("reason")}
        <textarea
          id={id("reason")}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          {...field.aria("reason", id("reason-hint"))}
          className="mt-1 w-full rounded border-2 border-slate-700 p-2"
        />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Record"}
        <span className="sr-only"> {label}</span>
      </button>
      <ErrorSummary failure={failure} />
    </form>
  );
}
