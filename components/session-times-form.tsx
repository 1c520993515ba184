"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeSessionTimesSchema } from "@/lib/validation/clinic-day";
import { checkBeforeSending, ErrorSummary, type ActionOutcome } from "./error-summary";

export function SessionTimesForm({
  sessionId,
  label,
  start: initialStart,
  end: initialEnd,
  action,
}: {
  sessionId: string;
  label: string;
  start: string;
  end: string;
  action: (input: unknown) => Promise<ActionOutcome<{ start: string; end: string }>>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [start, setStart] = useState(initialStart);
  const [end, setEnd] = useState(initialEnd);
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      noValidate
      className="mt-3"
      onSubmit={(event) => {
        event.preventDefault();
        const problem = checkBeforeSending(changeSessionTimesSchema, { sessionId, start, end });
        if (problem) {
          setDone(null);
          setError(problem);
          return;
        }
        startTransition(async () => {
          const result = await action({ sessionId, start, end });
          if (result.ok) {
            setError(null);
            setDone(`${label} now runs ${result.data.start}–${result.data.end}.`);
            router.refresh();
          } else {
            setDone(null);
            setError({ message: result.message, fieldErrors: result.fieldErrors });
          }
        });
      }}
    >
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="font-semibold">Change the times of the {label} session on this day</legend>
        <div>
          <label htmlFor={`start-${sessionId}`} className="block text-sm">
            Starts (London time)
          </label>
          <input id={`start-${sessionId}`} type="time" value={start} onChange={(e) => setStart(e.target.value)} className="rounded border-2 border-slate-700 px-2 py-1" />
        </div>
        <div>
          <label htmlFor={`end-${sessionId}`} className="block text-sm">
            Ends (London time)
          </label>
          <input id={`end-${sessionId}`} type="time" value={end} onChange={(e) => setEnd(e.target.value)} className="rounded border-2 border-slate-700 px-2 py-1" />
        </div>
        <button type="submit" disabled={pending} className="rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue disabled:opacity-60">
          Change times<span className="sr-only"> of the {label} session</span>
        </button>
      </fieldset>
      <ErrorSummary message={error?.message ?? null} fieldErrors={error?.fieldErrors} />
      <p role="status" className="text-sm text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
