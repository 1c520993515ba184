"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { DayAppointment } from "@/lib/services/clinic-days/get-day-view";
import { PREPARATION_ITEMS } from "@/lib/appointments/preparation";
import { buttonClass, PreparedBadge, type Action } from "./shared";
import { LanguageBadge } from "@/components/language-badge";

/** One checklist per booked patient: what the preparation call covered, and who made it when. */
export function PreparationCalls({
  appointments,
  canRecord,
  highlightUnprepared,
  action,
}: {
  appointments: DayAppointment[];
  canRecord: boolean;
  highlightUnprepared: boolean;
  action: Action;
}) {
  const callable = appointments.filter((a) => a.status === "BOOKED" || a.preparation);
  if (callable.length === 0) return <p className="mt-2 text-slate-700">No one to call for this day.</p>;
  return (
    <ul className="mt-2 space-y-2">
      {callable.map((a) => (
        <li key={a.id}>
          <details className="rounded border border-slate-300 bg-white">
            <summary className="cursor-pointer p-3">
              <span className="font-semibold">
                {a.time} {a.name}
              </span>{" "}
              <PreparedBadge appointment={a} highlight={highlightUnprepared} />
              <LanguageBadge language={a} className="ml-2" />
              {a.preparation ? (
                <span className="ml-2 text-sm text-slate-700">
                  by {a.preparation.doneBy} on {a.preparation.doneAt}
                </span>
              ) : null}
            </summary>
            <div className="border-t border-slate-200 p-3">
              {canRecord ? <PreparationForm appointment={a} action={action} /> : <PreparationSummary appointment={a} />}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

function PreparationSummary({ appointment }: { appointment: DayAppointment }) {
  const p = appointment.preparation;
  if (!p) return <p>No preparation call has been recorded.</p>;
  return (
    <ul className="list-disc pl-6">
      {PREPARATION_ITEMS.map(([key, label]) => (
        <li key={key}>
          {label}: {p[key] ? "yes" : "no"}
        </li>
      ))}
      {p.notes ? <li>Notes: {p.notes}</li> : null}
    </ul>
  );
}

function PreparationForm({ appointment, action }: { appointment: DayAppointment; action: Action }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const p = appointment.preparation;
  const id = `prep-${appointment.id}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const input: Record<string, unknown> = { appointmentId: appointment.id, notes: String(form.get("notes") ?? "") };
        for (const [key] of PREPARATION_ITEMS) input[key] = form.get(key) === "on";
        start(async () => {
          const result = await action(input);
          setMessage(result.ok ? { ok: true, text: `Preparation call for ${appointment.name} saved.` } : { ok: false, text: result.message });
          if (result.ok) router.refresh();
        });
      }}
    >
      <fieldset>
        <legend className="font-bold">Preparation call with {appointment.name}</legend>
        <div className="mt-2 space-y-1">
          {PREPARATION_ITEMS.map(([key, label]) => (
            <div key={key} className="flex items-center gap-2">
              <input id={`${id}-${key}`} name={key} type="checkbox" defaultChecked={p?.[key] ?? false} className="size-5" />
              <label htmlFor={`${id}-${key}`}>{label}</label>
            </div>
          ))}
        </div>
        <label htmlFor={`${id}-notes`} className="mt-2 block font-semibold">
          Notes (not clinical)
        </label>
        <textarea
          id={`${id}-notes`}
          name="notes"
          defaultValue={p?.notes ?? ""}
          maxLength={1000}
          rows={2}
          className="mt-1 w-full max-w-xl rounded border-2 border-slate-600 p-2"
        />
      </fieldset>
      <button type="submit" className={`${buttonClass} mt-2`} disabled={pending}>
        {pending ? "Saving…" : p ? "Update preparation call" : "Mark preparation call done"}
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`mt-2 font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
