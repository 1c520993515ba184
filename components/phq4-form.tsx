"use client";

import { useMemo, useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/forms/use-action-form";
import { AFTERNOON_KIND_LABELS as KIND, type AfternoonKind } from "@/lib/appointments/kinds";
import type { ActionResult } from "@/lib/auth/handle";
import { PHQ4_ANSWER_OPTIONS, PHQ4_BAND_LABELS, PHQ4_ITEMS, PHQ4_STEM, scorePhq4 } from "@/lib/phq4";
import { londonTime } from "@/components/dates";

type Outcome = {
  total: number;
  routing: {
    reason: string;
    appointments: Array<{ kind: AfternoonKind; startsAt: Date; staffName: string | null }>;
    waitlisted: Array<{ kind: AfternoonKind; reason: string }>;
  };
};

/**
 * The PHQ-4 as the health buddy asks it: four questions in the published order
 * and wording, radio buttons usable by keyboard and touch, the score shown as
 * answers are given. The server re-validates and scores; this only previews.
 */
export function Phq4Form({
  appointmentId,
  amending,
  action,
  home,
}: {
  appointmentId: string;
  amending: boolean;
  action: (input: unknown) => Promise<ActionResult<Outcome>>;
  /** The patient's answers from home, to go through with them: the form starts from them until "Ask again". */
  home?: { id: string; answers: number[] };
}) {
  const [fromHome, setFromHome] = useState(Boolean(home));
  const [answers, setAnswers] = useState<Array<number | null>>(home ? [...home.answers] : [null, null, null, null]);
  const [reason, setReason] = useState("");
  const { pending, failure, saved, setSaved, savedRef, run } = useActionForm<Outcome>();

  const complete = answers.every((a) => a !== null);
  const score = useMemo(() => (complete ? scorePhq4(answers as [number, number, number, number]) : null), [answers, complete]);
  const partial = answers.reduce<number>((sum, a) => sum + (a ?? 0), 0);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => action({ appointmentId, answers, amendReason: amending ? reason : undefined, confirmsHomeId: fromHome && home ? home.id : undefined }),
      setSaved,
    );
  }

  function askAgain() {
    setFromHome(false);
    setAnswers([null, null, null, null]);
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {home ? (
        fromHome ? (
          <div className="rounded border-l-4 border-nhs-blue bg-blue-50 p-4">
            <p>
              The answers below are the patient&apos;s from home. Read each question to the patient with their answer and change any they now give
              differently; then confirm. Only the confirmed answers route the afternoon.
            </p>
            <button type="button" onClick={askAgain} className="mt-2 rounded border-2 border-slate-700 bg-white px-4 py-2 font-semibold">
              Ask again from the start
            </button>
          </div>
        ) : (
          <p className="rounded border-l-4 border-slate-500 bg-slate-50 p-4">Asking again: the answers from home are kept but not used.</p>
        )
      ) : null}
      <p className="font-semibold">{PHQ4_STEM}</p>
      {PHQ4_ITEMS.map((item, index) => (
        <fieldset key={item.number} className="rounded border border-slate-300 bg-white p-4">
          <legend className="px-1 font-semibold">
            {item.number}. {item.text}
          </legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-4">
            {PHQ4_ANSWER_OPTIONS.map((option) => {
              const id = `q${item.number}-${option.value}`;
              return (
                <label
                  key={option.value}
                  htmlFor={id}
                  className="flex cursor-pointer items-center gap-2 rounded border border-slate-300 p-3 has-[:checked]:border-nhs-blue has-[:checked]:bg-blue-50"
                >
                  <input
                    id={id}
                    type="radio"
                    name={`q${item.number}`}
                    value={option.value}
                    checked={answers[index] === option.value}
                    onChange={() => setAnswers((prev) => prev.map((v, i) => (i === index ? option.value : v)))}
                    className="h-5 w-5 shrink-0"
                  />
                  <span>
                    {option.label} <span className="text-slate-600">({option.value})</span>
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}

      <div aria-live="polite" className="rounded border-l-4 border-nhs-blue bg-blue-50 p-4">
        {score ? (
          <p>
            Total <strong>{score.total}</strong> of 12 ({PHQ4_BAND_LABELS[score.band]}). Anxiety (GAD-2) <strong>{score.anxiety}</strong>
            {score.anxietyPositive ? " — positive" : ""}; depression (PHQ-2) <strong>{score.depression}</strong>
            {score.depressionPositive ? " — positive" : ""}.
          </p>
        ) : (
          <p>
            {answers.filter((a) => a !== null).length} of 4 answered; running total {partial}.
          </p>
        )}
      </div>

      {amending ? (
        <div>
          <label htmlFor="amend-reason" className="block font-semibold">
            Reason for amending the recorded PHQ-4
          </label>
          <textarea
            id="amend-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            className="mt-1 w-full rounded border-2 border-slate-700 p-2"
          />
        </div>
      ) : null}

      <button type="submit" disabled={pending} className="rounded bg-nhs-green px-5 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving and routing…" : amending ? "Save amendment" : fromHome ? "Confirm PHQ-4" : "Save PHQ-4"}
      </button>

      <ErrorSummary failure={failure} fieldMessages={false} />
      {saved ? (
        <div ref={savedRef} tabIndex={-1} role="status" className="rounded border-l-4 border-nhs-green bg-green-50 p-4">
          <p className="font-semibold">Saved. {saved.routing.reason}.</p>
          <ul className="mt-2 list-disc pl-6">
            {saved.routing.appointments.map((a) => (
              <li key={`${a.kind}-${String(a.startsAt)}`}>
                {KIND[a.kind]} at {londonTime(a.startsAt)}
                {a.staffName ? ` with ${a.staffName}` : ""}
              </li>
            ))}
            {saved.routing.waitlisted.map((w) => (
              <li key={w.kind} className="font-semibold text-nhs-red">
                {KIND[w.kind]}: waitlisted. {w.reason}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
