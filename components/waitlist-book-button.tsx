"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ErrorSummary, type ActionOutcome } from "./error-summary";

/** "Book into <date>" for one waitlist entry; shows the server's message verbatim. */
export function WaitlistBookButton({
  waitlistEntryId,
  clinicDayId,
  dateLabel,
  patientName,
  action,
}: {
  waitlistEntryId: string;
  clinicDayId: string;
  dateLabel: string;
  patientName: string;
  action: (input: unknown) => Promise<ActionOutcome<{ date: string; time: string }>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function book() {
    start(async () => {
      const result = await action({ waitlistEntryId, clinicDayId });
      if (result.ok) {
        setError(null);
        setDone(`${patientName} is booked into ${dateLabel} at ${result.data.time}.`);
        router.refresh();
      } else {
        setError(result.message);
      }
    });
  }

  return (
    <div>
      <button type="button" onClick={book} disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Booking…" : `Book into ${dateLabel}`}
        <span className="sr-only"> for {patientName}</span>
      </button>
      <ErrorSummary message={error} />
      <p role="status" className="mt-1 text-nhs-green">
        {done ?? ""}
      </p>
    </div>
  );
}
