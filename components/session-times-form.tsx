"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadChangeSessionTimesSchema: SchemaLoader = () => import("@/lib/validation/clinic-day").then((m) => m.changeSessionTimesSchema);

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
  action: (input: unknown) => Promise<ActionResult<{ start: string; end: string }>>;
}) {
  const router = useRouter();
  const [start, setStart] = useState(initialStart);
  const [end, setEnd] = useState(initialEnd);
  const { pending, failure, saved: done, setSaved: setDone, check, run } = useActionForm();
  return (
    <form
      noValidate
      className="mt-3"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!(await check(loadChangeSessionTimesSchema, { sessionId, start, end }))) return;
        run(
          () => action({ sessionId, start, end }),
          (data) => {
            setDone(`${label} now runs ${data.start}–${data.end}.`);
            router.refresh();
          },
        );
      }}
    >
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="font-semibold">Change the times of the {label} session on this day</legend>
        <div>
          <label htmlFor={`start-${sessionId}`} className="block text-sm">
            Starts (London time)
          </label>
          <input
            id={`start-${sessionId}`}
            type="time"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            className="rounded border-2 border-slate-700 px-2 py-1"
          />
        </div>
        <div>
          <label htmlFor={`end-${sessionId}`} className="block text-sm">
            Ends (London time)
          </label>
          <input
            id={`end-${sessionId}`}
            type="time"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            className="rounded border-2 border-slate-700 px-2 py-1"
          />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue disabled:opacity-60"
        >
          Change times<span className="sr-only"> of the {label} session</span>
        </button>
      </fieldset>
      <ErrorSummary failure={failure} />
      <p role="status" className="text-sm text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
