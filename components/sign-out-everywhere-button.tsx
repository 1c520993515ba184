"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";

export function SignOutEverywhereButton({ action }: { action: () => Promise<ActionResult<unknown>> }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="mt-3">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await action();
            if (result.ok) await signOut({ callbackUrl: "/login" });
            else setMessage(result.message);
          })
        }
        className="rounded bg-nhs-red px-4 py-2 font-semibold text-white disabled:opacity-60"
      >
        {pending ? "Ending sessions…" : "Sign out everywhere"}
      </button>
      {message ? (
        <p role="alert" className="mt-2 text-nhs-red">
          {message}
        </p>
      ) : null}
    </div>
  );
}
