"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import type { Invitation } from "@/lib/services/patient-links/invite-patients";

/**
 * Sends one patient a link to choose a time, prepare and check in. The result says on which channels it was
 * queued (each needs its own consent), and shows the link once so the desk can give it to the patient in person;
 * the link is not stored and cannot be shown again.
 */
export function InvitePatientButton({
  patientId,
  action,
}: {
  patientId: string;
  action: (input: unknown) => Promise<ActionResult<{ invitations: Invitation[] }>>;
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<{ invitations: Invitation[] }> | null>(null);
  const invitation = result?.ok ? result.data.invitations[0] : null;
  const url = invitation?.path && typeof window !== "undefined" ? `${window.location.origin}${invitation.path}` : invitation?.path;
  return (
    <div className="mt-3">
      <button
        type="button"
        disabled={pending}
        onClick={() => start(async () => setResult(await action({ patientIds: [patientId] })))}
        className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60"
      >
        {pending ? "Sending…" : "Send a link to choose a time"}
      </button>
      <div role="status" className="mt-2">
        {result && !result.ok ? <p className="font-semibold text-nhs-red">{result.message}</p> : null}
        {invitation ? (
          <>
            <p>
              {invitation.channels.length > 0
                ? `Invitation queued by ${invitation.channels.map((c) => (c === "SMS" ? "text message" : "email")).join(" and ")}.`
                : "No invitation could be sent: the patient has not agreed to texts or emails."}{" "}
              {invitation.refused.join(". ")}
            </p>
            <p className="mt-1">
              To give it in person, this link is shown once:{" "}
              <code data-testid="patient-link" className="break-all">
                {url}
              </code>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
