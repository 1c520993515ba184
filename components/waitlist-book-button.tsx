"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { useActionForm } from "./forms/use-action-form";

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
  action: (input: unknown) => Promise<ActionResult<{ date: string; time: string }>>;
}) {
  const router = useRouter();
  const { pending, failure, saved: done, setSaved: setDone, run } = useActionForm();

  function book() {
    run(
      () => action({ waitlistEntryId, clinicDayId }),
      (data) => {
        setDone(`${patientName} is booked into ${dateLabel} at ${data.time}.`);
        router.refresh();
      },
    );
  }

  return (
    <div>
      <button type="button" onClick={book} disabled={pending} className="rounded bg-nhs-blue px-3 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Booking…" : `Book into ${dateLabel}`}
        <span className="sr-only"> for {patientName}</span>
      </button>
      <ErrorSummary failure={failure} fieldMessages={false} />
      <p role="status" className="mt-1 text-nhs-green">
        {done ?? ""}
      </p>
    </div>
  );
}
