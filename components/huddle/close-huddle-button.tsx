"use client";

import { useRouter } from "next/navigation";
import { ErrorSummary } from "@/components/error-summary";
import { useActionForm } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/auth/handle";
import { ukDate } from "@/components/dates";

/** The clinic lead closes the huddle: cases not reached and deferred ones go on to the next huddle. */
export function CloseHuddleButton({
  huddleId,
  action,
}: {
  huddleId: string;
  action: (input: unknown) => Promise<ActionResult<{ nextHuddleId: string; nextDate: string; carried: unknown[] }>>;
}) {
  const router = useRouter();
  const { pending, failure, saved, setSaved, savedRef, run } = useActionForm();
  return (
    <div className="mt-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => action({ huddleId }),
            (data) => {
              setSaved(`Huddle closed: ${data.carried.length} case(s) carried to the huddle on ${ukDate(data.nextDate, "EEEE d MMMM")}.`);
              router.refresh();
            },
          )
        }
        className="rounded border-2 border-nhs-blue px-4 py-2 font-semibold text-nhs-blue disabled:opacity-60"
      >
        {pending ? "Closing…" : "Close the huddle and carry undecided cases over"}
      </button>
      <ErrorSummary failure={failure} />
      <p ref={savedRef} tabIndex={-1} role="status" className="text-nhs-green">
        {saved ?? ""}
      </p>
    </div>
  );
}
