"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { formatLondon } from "@/lib/schedule";
import { ErrorSummary } from "./error-summary";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadCancelClinicDaySchema: SchemaLoader = () => import("@/lib/validation/clinic-day").then((m) => m.cancelClinicDaySchema);

type Outcome = { appointmentId: string; patientName: string; was: Date } & (
  { outcome: "cancelled"; backOn?: "waitlist" | "review list" } | { outcome: "moved"; to: Date }
);

export function CancelClinicDayForm({
  clinicDayId,
  dayLabel,
  bookingCount,
  moveTargets,
  action,
}: {
  clinicDayId: string;
  dayLabel: string;
  bookingCount: number;
  moveTargets: Array<{ id: string; label: string }>;
  action: (input: unknown) => Promise<ActionResult<{ date: string; outcomes: Outcome[] }>>;
}) {
  const { pending, failure, errors, saved: result, setSaved: setResult, check, run } = useActionForm<Outcome[]>();
  const [reason, setReason] = useState("");
  const [bookings, setBookings] = useState<"cancel" | "move">("cancel");
  const [target, setTarget] = useState(moveTargets[0]?.id ?? "");

  if (result) {
    return (
      <div role="status" className="mt-3 border-l-4 border-nhs-green bg-green-50 p-3">
        <p className="font-semibold">{dayLabel} is cancelled.</p>
        {result.length === 0 ? (
          <p>It had no bookings.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5">
            {result.map((o) => (
              <li key={o.appointmentId}>
                {o.patientName} ({formatLondon(o.was, "HH:mm")}):{" "}
                {o.outcome === "moved"
                  ? `moved to ${formatLondon(o.to, "HH:mm 'on' EEEE d MMMM")}`
                  : o.backOn
                    ? `cancelled, and back on the ${o.backOn}`
                    : "cancelled"}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2">
          <Link href="/clinic-days" className="font-semibold text-nhs-blue underline">
            Back to clinic days
          </Link>
        </p>
      </div>
    );
  }

  const fieldError = (name: string) => errors[name];
  return (
    <form
      noValidate
      className="mt-3 max-w-2xl space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const payload = { clinicDayId, reason, bookings, moveToClinicDayId: bookings === "move" ? target : undefined };
        if (!(await check(loadCancelClinicDaySchema, payload))) return;
        run(
          () => action(payload),
          (data) => setResult(data.outcomes),
        );
      }}
    >
      <ErrorSummary failure={failure} />
      <div>
        <label htmlFor="cancel-reason" className="block font-semibold">
          Reason for cancelling
        </label>
        <p id="cancel-reason-hint" className="text-sm text-slate-700">
          Kept with the clinic day{bookingCount > 0 ? " and with each cancelled booking" : ""}.
        </p>
        {fieldError("reason") ? <p className="text-nhs-red">{fieldError("reason")}</p> : null}
        <textarea
          id="cancel-reason"
          aria-describedby="cancel-reason-hint"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2"
        />
      </div>
      {bookingCount > 0 ? (
        <fieldset>
          <legend className="font-semibold">
            What happens to the {bookingCount} {bookingCount === 1 ? "booking" : "bookings"}?
          </legend>
          <div className="mt-1">
            <input
              id="bookings-cancel"
              type="radio"
              name="bookings"
              checked={bookings === "cancel"}
              onChange={() => setBookings("cancel")}
              className="mr-2 h-5 w-5 align-middle"
            />
            <label htmlFor="bookings-cancel">Cancel them all (each patient needs to be told)</label>
          </div>
          <div className="mt-1">
            <input
              id="bookings-move"
              type="radio"
              name="bookings"
              checked={bookings === "move"}
              disabled={moveTargets.length === 0}
              onChange={() => setBookings("move")}
              className="mr-2 h-5 w-5 align-middle"
            />
            <label htmlFor="bookings-move">
              Move them all to another clinic day{moveTargets.length === 0 ? " (there is no other upcoming day of this clinic)" : ""}
            </label>
          </div>
          {bookings === "move" ? (
            <div className="mt-2 pl-7">
              <label htmlFor="move-target" className="block font-semibold">
                Move to
              </label>
              <p id="move-target-hint" className="text-sm text-slate-700">
                Each patient keeps their time and station if it is free there, otherwise gets the earliest free slot. If not everyone fits, nothing
                changes.
              </p>
              {fieldError("moveToClinicDayId") ? <p className="text-nhs-red">{fieldError("moveToClinicDayId")}</p> : null}
              <select
                id="move-target"
                aria-describedby="move-target-hint"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
              >
                {moveTargets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </fieldset>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-nhs-red px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Cancelling…" : "Cancel this clinic day"}
      </button>
    </form>
  );
}
