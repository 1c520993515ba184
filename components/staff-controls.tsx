"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";

type Action = (input: unknown) => Promise<ActionResult<{ done: boolean }>>;

type Message = { ok: boolean; text: string; handover?: string };

/**
 * End a member of staff's sessions, or deactivate / reactivate their account.
 * Deactivating someone who is still a key worker is refused by the server,
 * naming their patients; the answer links to handing them over first.
 */
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
  const [message, setMessage] = useState<Message | null>(null);

  function run(action: Action, input: unknown, done: string) {
    start(async () => {
      const result = await action(input);
      if (result.ok) {
        setMessage({ ok: true, text: done });
        return;
      }
      const handover = typeof result.details?.handover === "string" ? result.details.handover : undefined;
      setMessage({ ok: false, text: result.message, handover });
    });
  }

  const button = "rounded border-2 px-3 py-1 font-semibold disabled:opacity-60";
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        {staff.openSessions > 0 ? (
          <button
            type="button"
            disabled={pending}
            className={`${button} border-nhs-blue text-nhs-blue`}
            onClick={() => run(endSessions, { staffId: staff.id }, `${staff.name} is signed out everywhere.`)}
          >
            End sessions<span className="sr-only"> of {staff.name}</span>
          </button>
        ) : null}
        {isSelf ? null : staff.active ? (
          <button
            type="button"
            disabled={pending}
            className={`${button} border-nhs-red text-nhs-red`}
            onClick={() => run(setActive, { staffId: staff.id, active: false }, `${staff.name} is deactivated and signed out.`)}
          >
            Deactivate<span className="sr-only"> {staff.name}</span>
          </button>
        ) : (
          <button
            type="button"
            disabled={pending}
            className={`${button} border-nhs-green text-nhs-green`}
            onClick={() => run(setActive, { staffId: staff.id, active: true }, `${staff.name} can sign in again.`)}
          >
            Reactivate<span className="sr-only"> {staff.name}</span>
          </button>
        )}
      </div>
      {message ? (
        <div role={message.ok ? "status" : "alert"} className={`mt-1 text-sm font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}>
          <p>{message.text}</p>
          {message.handover ? (
            <p className="mt-1">
              <Link href={message.handover} className="text-nhs-blue underline">
                Hand over {staff.name}&apos;s patients and deactivate
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
