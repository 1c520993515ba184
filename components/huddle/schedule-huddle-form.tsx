"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ukDate } from "@/components/dates";
import { ErrorSummary } from "@/components/error-summary";
import { fieldErrors, inputClass } from "@/components/forms/field";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";

// The server's schemas, fetched when the form is first checked (see SchemaLoader).
const loadScheduleHuddleSchema: SchemaLoader = () => import("@/lib/validation/huddles").then((m) => m.scheduleHuddleSchema);
const loadSetHuddleAttendeesSchema: SchemaLoader = () => import("@/lib/validation/huddles").then((m) => m.setHuddleAttendeesSchema);

export type EligibleAttendee = { id: string; name: string; role: string };

function AttendeeChoices({
  idPrefix,
  eligible,
  chosen,
  setChosen,
  error,
  describedBy,
}: {
  idPrefix: string;
  eligible: EligibleAttendee[];
  chosen: string[];
  setChosen: (ids: string[]) => void;
  error: React.ReactNode;
  describedBy?: string;
}) {
  return (
    <fieldset aria-describedby={describedBy}>
      <legend className="font-semibold">Who attends</legend>
      {error}
      <ul className="mt-1 grid gap-1 sm:grid-cols-2">
        {eligible.map((s, i) => (
          <li key={s.id}>
            <label htmlFor={i === 0 ? `${idPrefix}-attendeeIds` : `${idPrefix}-attendee-${s.id}`} className="flex cursor-pointer items-center gap-2">
              <input
                id={i === 0 ? `${idPrefix}-attendeeIds` : `${idPrefix}-attendee-${s.id}`}
                type="checkbox"
                className="h-5 w-5"
                checked={chosen.includes(s.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))}
              />
              {s.name} <span className="text-slate-700">({s.role})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The clinic lead schedules a huddle for a day: time, length (20 minutes by default) and who attends. */
export function ScheduleHuddleForm({
  eligible,
  defaultDate,
  defaultAttendees,
  action,
}: {
  eligible: EligibleAttendee[];
  defaultDate: string;
  defaultAttendees: string[];
  action: (input: unknown) => Promise<ActionResult<{ id: string; date: string }>>;
}) {
  const router = useRouter();
  const [date, setDate] = useState(defaultDate);
  const [time, setTime] = useState("12:30");
  const [duration, setDuration] = useState("20");
  const [chosen, setChosen] = useState<string[]>(defaultAttendees);
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const id = (f: string) => `schedule-${f}`;
  const field = fieldErrors(errors, id);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { date, time, durationMinutes: duration, attendeeIds: chosen };
    if (!(await check(loadScheduleHuddleSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setSaved(`Huddle scheduled for ${ukDate(data.date, "EEEE d MMMM yyyy")}.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-2 max-w-3xl space-y-3">
      <ErrorSummary failure={failure} heading="h3" fieldId={id} order={["date", "time", "durationMinutes", "attendeeIds"]} />
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor={id("date")} className="block font-semibold">
            Date
          </label>
          {field.error("date")}
          <input
            id={id("date")}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            {...field.aria("date")}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor={id("time")} className="block font-semibold">
            Start time
          </label>
          {field.error("time")}
          <input
            id={id("time")}
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            {...field.aria("time")}
            className="mt-1 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor={id("durationMinutes")} className="block font-semibold">
            Length in minutes
          </label>
          {field.error("durationMinutes")}
          <input
            id={id("durationMinutes")}
            inputMode="numeric"
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            {...field.aria("durationMinutes")}
            className={`${inputClass(field.invalid("durationMinutes"))} w-24`}
          />
        </div>
      </div>
      <AttendeeChoices
        idPrefix="schedule"
        eligible={eligible}
        chosen={chosen}
        setChosen={setChosen}
        error={field.error("attendeeIds")}
        describedBy={field.describedBy("attendeeIds")}
      />
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Scheduling…" : "Schedule the huddle"}
      </button>
      <p ref={savedRef} tabIndex={-1} role="status" className="text-nhs-green">
        {saved ?? ""}
      </p>
    </form>
  );
}

/** The clinic lead changes who attends a huddle not yet closed. */
export function HuddleAttendeesForm({
  huddleId,
  label,
  eligible,
  current,
  action,
}: {
  huddleId: string;
  label: string;
  eligible: EligibleAttendee[];
  current: string[];
  action: (input: unknown) => Promise<ActionResult<{ added: number; removed: number }>>;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<string[]>(current);
  const { pending, failure, errors, saved, setSaved, savedRef, check, run } = useActionForm();
  const prefix = `attendees-${huddleId}`;
  const field = fieldErrors(errors, (f) => `${prefix}-${f}`);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { huddleId, attendeeIds: chosen };
    if (!(await check(loadSetHuddleAttendeesSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setSaved(`Attendees saved for ${label}: ${data.added} added, ${data.removed} removed.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-2 space-y-2">
      <ErrorSummary failure={failure} heading="h3" fieldId={(f) => (f === "attendeeIds" ? `${prefix}-attendeeIds` : null)} />
      <AttendeeChoices
        idPrefix={prefix}
        eligible={eligible}
        chosen={chosen}
        setChosen={setChosen}
        error={field.error("attendeeIds")}
        describedBy={field.describedBy("attendeeIds")}
      />
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save who attends"}
        <span className="sr-only"> the huddle on {label}</span>
      </button>
      <p ref={savedRef} tabIndex={-1} role="status" className="text-nhs-green">
        {saved ?? ""}
      </p>
    </form>
  );
}
