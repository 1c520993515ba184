"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";

type Action = (input: unknown) => Promise<ActionResult<unknown>>;

export type AttendanceActions = { markAbsent: Action; undoAbsence: Action };

/**
 * The afternoon clinician's "Did not attend / left" for a patient not yet
 * called in, and its undo (with a reason) once marked. Each opens a small form
 * in the row; the outcome is announced, and focus goes to it.
 */
export function AfternoonAttendance({
  appointmentId,
  patientName,
  status,
  missed,
  actions,
}: {
  appointmentId: string;
  patientName: string;
  status: string;
  missed: { left: boolean; note: string | null } | null;
  actions: AttendanceActions;
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

  if (status !== "BOOKED" && status !== "NOSHOW") return null;
  const marking = status === "BOOKED";

  function submit(form: FormData) {
    start(async () => {
      const result = marking
        ? await actions.markAbsent({ appointmentId, absence: form.get("absence"), note: form.get("note") })
        : await actions.undoAbsence({ appointmentId, reason: form.get("reason") });
      if (result.ok) {
        const backOn = (result.data as { backOn?: string | null } | undefined)?.backOn;
        setMessage({
          ok: true,
          text: marking
            ? `${patientName} is marked as ${form.get("absence") === "LEFT_BEFORE_SEEN" ? "having left before being seen" : "not attending"}${backOn ? ` and is back on the ${backOn}` : ""}.`
            : `${patientName} is back to booked.`,
        });
        setOpen(false);
        setFieldError(null);
        router.refresh();
      } else {
        setFieldError(result.fieldErrors ? (Object.values(result.fieldErrors)[0] ?? null) : null);
        setMessage({ ok: false, text: result.message });
      }
      requestAnimationFrame(() => messageRef.current?.focus());
    });
  }

  return (
    <div className="mt-1 flex flex-col items-start gap-1 text-sm">
      {missed ? (
        <span className="font-semibold text-nhs-red">
          {missed.left ? "Left before being seen" : "Did not attend"}
          {missed.note ? `: ${missed.note}` : ""}
        </span>
      ) : null}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => {
          setOpen(!open);
          setMessage(null);
          setFieldError(null);
        }}
        className="rounded border-2 border-nhs-red bg-white px-2 py-0.5 font-semibold text-nhs-red hover:bg-red-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-nhs-warm-yellow"
      >
        {marking ? "Did not attend or left" : "Undo"}
        <span className="sr-only"> {patientName}</span>
      </button>
      {open ? (
        <form id={`${id}-form`} action={submit} className="mt-1 w-64 rounded border border-slate-400 bg-white p-2">
          {marking ? (
            <>
              <fieldset>
                <legend className="font-semibold">What happened to {patientName}?</legend>
                <label className="mt-1 flex items-center gap-2">
                  <input type="radio" name="absence" value="DID_NOT_ATTEND" defaultChecked /> Did not attend
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="absence" value="LEFT_BEFORE_SEEN" /> Left before being seen
                </label>
              </fieldset>
              <label htmlFor={`${id}-note`} className="mt-2 block font-semibold">
                Note (optional)
              </label>
              <input id={`${id}-note`} name="note" maxLength={500} className="w-full rounded border-2 border-slate-700 px-1 py-0.5" />
            </>
          ) : (
            <>
              <label htmlFor={`${id}-reason`} className="block font-semibold">
                Why undo it?
              </label>
              {fieldError ? (
                <p id={`${id}-reason-error`} className="font-semibold text-nhs-red">
                  <span className="sr-only">Error:</span> {fieldError}
                </p>
              ) : null}
              <input
                id={`${id}-reason`}
                name="reason"
                maxLength={500}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? `${id}-reason-error` : undefined}
                className="w-full rounded border-2 border-slate-700 px-1 py-0.5"
              />
            </>
          )}
          <button
            type="submit"
            disabled={pending}
            className="mt-2 rounded bg-nhs-blue px-3 py-1 font-semibold text-white hover:bg-nhs-dark-blue disabled:opacity-60"
          >
            {marking ? "Save" : "Undo"}
            <span className="sr-only"> for {patientName}</span>
          </button>
        </form>
      ) : null}
      <div aria-live="polite">
        {message ? (
          <p
            ref={messageRef}
            tabIndex={-1}
            role={message.ok ? "status" : "alert"}
            className={`font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
