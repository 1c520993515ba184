"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";

type Action = (input: unknown) => Promise<ActionResult<unknown>>;

/**
 * One step of a patient's day from a list row ("Call in", "Finished",
 * "Wrap-around done"). The same button element stays in the row as the step
 * changes, so keyboard focus is not lost when the label does.
 */
export function ProgressButton({
  appointmentId,
  patientName,
  steps,
}: {
  appointmentId: string;
  patientName: string;
  /** The step the row is at now, or null when there is nothing to do. */
  steps: { label: string; action: Action; done: string } | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  if (!steps)
    return message ? (
      <p role="status" className="text-sm font-semibold text-nhs-green">
        {message.text}
      </p>
    ) : null;

  function run() {
    if (!steps) return;
    start(async () => {
      const result = await steps.action({ appointmentId });
      setMessage(result.ok ? { ok: true, text: steps.done } : { ok: false, text: result.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        onClick={run}
        disabled={pending}
        className="rounded bg-nhs-blue px-3 py-1.5 font-semibold text-white hover:bg-nhs-dark-blue focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-nhs-warm-yellow disabled:opacity-60"
      >
        {steps.label}
        <span className="sr-only"> {patientName}</span>
      </button>
      <div aria-live="polite" className="text-sm">
        {message ? (
          <p role={message.ok ? "status" : "alert"} className={`font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}>
            {message.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
