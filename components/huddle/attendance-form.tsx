"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm, type SchemaLoader } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadRecordAttendanceSchema: SchemaLoader = () => import("@/lib/validation/huddles").then((m) => m.recordAttendanceSchema);

/** Ticks who is present at the start of the huddle (and so who is not). */
export function AttendanceForm({
  huddleId,
  attendees,
  action,
}: {
  huddleId: string;
  attendees: Array<{ staffId: string; name: string; role: string; present: boolean | null }>;
  action: (input: unknown) => Promise<ActionResult<{ present: number; absent: number }>>;
}) {
  const router = useRouter();
  const [present, setPresent] = useState<Record<string, boolean>>(Object.fromEntries(attendees.map((a) => [a.staffId, a.present === true])));
  const { pending, failure, saved, setSaved, savedRef, check, run } = useActionForm();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { huddleId, attendance: attendees.map((a) => ({ staffId: a.staffId, present: present[a.staffId] ?? false })) };
    if (!(await check(loadRecordAttendanceSchema, payload))) return;
    run(
      () => action(payload),
      (data) => {
        setSaved(`Attendance saved: ${data.present} present, ${data.absent} not present.`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-2 space-y-2">
      <ErrorSummary failure={failure} />
      <fieldset>
        <legend className="font-semibold">Tick who is present</legend>
        <ul className="mt-1 space-y-1">
          {attendees.map((a) => (
            <li key={a.staffId}>
              <label className="flex cursor-pointer items-center gap-2">
                <input
                  type="checkbox"
                  className="h-5 w-5"
                  checked={present[a.staffId] ?? false}
                  onChange={(e) => setPresent((p) => ({ ...p, [a.staffId]: e.target.checked }))}
                />
                {a.name} <span className="text-slate-700">({a.role})</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Saving…" : "Save attendance"}
      </button>
      <p ref={savedRef} tabIndex={-1} role="status" className="text-nhs-green">
        {saved ?? ""}
      </p>
    </form>
  );
}
