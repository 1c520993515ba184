"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";

type Action = (input: unknown) => Promise<ActionResult<{ done: boolean }>>;

/** End a member of staff's sessions, or deactivate / reactivate their account. */
export function StaffControls({
  staff,
  isSelf,
  endSessions,
  setActive,
}: {
  staff: { id: string; name: string; active: boolean; openSessions: number };
  isSelf: boolean;
  endSessions: Action;
  setActive: Action;
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function run(action: Action, input: unknown, done: string) {
    start(async () => {
      const result = await action(input);
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.message });
    });
  }

  const button = "rounded border-2 px-3 py-1 font-semibold disabled:opacity-60";
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        {staff.openSessions > 0 ? (
          <button type="button" disabled={pending} className={`${button} border-nhs-blue text-nhs-blue`} onClick={() => run(endSessions, { staffId: staff.id }, `${staff.name} is signed out everywhere.`)}>
            End sessions<span className="sr-only"> of {staff.name}</span>
          </button>
        ) : null}
        {isSelf ? null : staff.active ? (
          <button type="button" disabled={pending} className={`${button} border-nhs-red text-nhs-red`} onClick={() => run(setActive, { staffId: staff.id, active: false }, `${staff.name} is deactivated and signed out.`)}>
            Deactivate<span className="sr-only"> {staff.name}</span>
          </button>
        ) : (
          <button type="button" disabled={pending} className={`${button} border-nhs-green text-nhs-green`} onClick={() => run(setActive, { staffId: staff.id, active: true }, `${staff.name} can sign in again.`)}>
            Reactivate<span className="sr-only"> {staff.name}</span>
          </button>
        )}
      </div>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`mt-1 text-sm font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
