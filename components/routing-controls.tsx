"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { AFTERNOON_KIND_LABELS as KIND, type AfternoonKind as Kind } from "@/lib/appointments/kinds";
import type { ActionResult } from "@/lib/auth/handle";
import { OVERRIDE_REASON_MAX } from "@/lib/validation/limits";
import { ErrorSummary } from "./error-summary";
import { useActionForm } from "./forms/use-action-form";

type Action = (input: unknown) => Promise<ActionResult<unknown>>;

const button = "rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60";
const secondary = "rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue";

type Open = { kind: "override" } | { kind: "move"; appointmentId: string } | null;

/** "Add/Remove Talking Therapies" and "Move" for one routed patient; each needs a reason, which is stored with the change. */
export function RoutingControls({
  clinicDayId,
  patient,
  appointments,
  freeSlots,
  overrideAction,
  moveAction,
}: {
  clinicDayId: string;
  patient: { id: string; name: string; talkingTherapies: boolean };
  appointments: Array<{ id: string; kind: Kind; label: string }>;
  freeSlots: Array<{ id: string; kind: Kind; label: string }>;
  overrideAction: Action;
  moveAction: Action;
}) {
  const router = useRouter();
  const id = useId();
  const { pending, failure: error, saved: done, setSaved: setDone, run: send, clear } = useActionForm();
  const [open, setOpen] = useState<Open>(null);
  const adding = !patient.talkingTherapies;
  const overrideLabel = adding ? "Add Talking Therapies" : "Remove Talking Therapies";

  function run(action: Action, input: Record<string, unknown>, success: string) {
    send(
      () => action(input),
      () => {
        setOpen(null);
        setDone(success);
        router.refresh();
      },
    );
  }

  function toggle(next: Open) {
    clear();
    setOpen(
      open && next && open.kind === next.kind && (open.kind === "override" || (next.kind === "move" && open.appointmentId === next.appointmentId))
        ? null
        : next,
    );
  }

  const moving = open?.kind === "move" ? appointments.find((a) => a.id === open.appointmentId) : undefined;
  const slotsForMove = moving ? freeSlots.filter((s) => s.kind === moving.kind) : [];

  return (
    <div className="mt-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondary} aria-expanded={open?.kind === "override"} onClick={() => toggle({ kind: "override" })}>
          {overrideLabel}
          <span className="sr-only"> for {patient.name}</span>
        </button>
        {appointments.map((a) => (
          <button
            key={a.id}
            type="button"
            className={secondary}
            aria-expanded={open?.kind === "move" && open.appointmentId === a.id}
            onClick={() => toggle({ kind: "move", appointmentId: a.id })}
          >
            Move<span className="sr-only"> {patient.name}&apos;s</span> {KIND[a.kind]}
          </button>
        ))}
      </div>
      <ErrorSummary failure={error} />
      {open?.kind === "override" ? (
        <form
          className="mt-3 rounded border border-slate-300 bg-slate-50 p-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const reason = new FormData(event.currentTarget).get("reason");
            run(
              overrideAction,
              { clinicDayId, patientId: patient.id, talkingTherapies: adding, reason },
              adding ? `Talking Therapies added for ${patient.name}.` : `Talking Therapies removed for ${patient.name}.`,
            );
          }}
        >
          <fieldset>
            <legend className="font-semibold">
              {overrideLabel} for {patient.name}, whatever the PHQ-4 score
            </legend>
            <label htmlFor={`${id}-reason`} className="mt-2 block">
              Reason (required, shown to staff)
            </label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              required
              maxLength={OVERRIDE_REASON_MAX}
              rows={2}
              aria-invalid={Boolean(error?.fieldErrors?.reason)}
              className="mt-1 w-full max-w-xl rounded border-2 border-slate-700 px-3 py-2"
            />
            {error?.fieldErrors?.reason ? <p className="text-nhs-red">{error.fieldErrors.reason}</p> : null}
            <div className="mt-2">
              <button type="submit" className={button} disabled={pending}>
                {pending ? "Saving…" : overrideLabel}
              </button>
            </div>
          </fieldset>
        </form>
      ) : null}
      {moving ? (
        <form
          className="mt-3 rounded border border-slate-300 bg-slate-50 p-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run(
              moveAction,
              { appointmentId: moving.id, slotId: form.get("slotId"), reason: form.get("reason") },
              `${patient.name}'s ${KIND[moving.kind]} appointment is moved.`,
            );
          }}
        >
          <fieldset>
            <legend className="font-semibold">
              Move {patient.name}&apos;s {KIND[moving.kind]} appointment ({moving.label})
            </legend>
            {slotsForMove.length === 0 ? (
              <p className="mt-2">There is no free {KIND[moving.kind]} slot left this afternoon.</p>
            ) : (
              <>
                <label htmlFor={`${id}-slot`} className="mt-2 block">
                  New time
                </label>
                <select id={`${id}-slot`} name="slotId" className="mt-1 rounded border-2 border-slate-700 px-3 py-2">
                  {slotsForMove.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                    </option>
                  ))}
                </select>
                <label htmlFor={`${id}-move-reason`} className="mt-2 block">
                  Reason (required)
                </label>
                <input
                  id={`${id}-move-reason`}
                  name="reason"
                  required
                  maxLength={OVERRIDE_REASON_MAX}
                  aria-invalid={Boolean(error?.fieldErrors?.reason)}
                  className="mt-1 w-full max-w-xl rounded border-2 border-slate-700 px-3 py-2"
                />
                {error?.fieldErrors?.reason ? <p className="text-nhs-red">{error.fieldErrors.reason}</p> : null}
                <div className="mt-2">
                  <button type="submit" className={button} disabled={pending}>
                    {pending ? "Moving…" : "Move"}
                  </button>
                </div>
              </>
            )}
          </fieldset>
        </form>
      ) : null}
      <p role="status" className="mt-1 text-nhs-green">
        {done ?? ""}
      </p>
    </div>
  );
}
