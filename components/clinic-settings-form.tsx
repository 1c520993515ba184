"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { useActionForm } from "./forms/use-action-form";

export function ClinicSettingsForm({
  clinic,
  action,
}: {
  clinic: { id: string; name: string; handoverGapMinutes: number; phq4Threshold: number; waitingLimitMinutes: number };
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const { pending, failure, saved, setSaved, run } = useActionForm<true>();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () =>
        action({
          clinicId: clinic.id,
          handoverGapMinutes: form.get("handoverGapMinutes"),
          phq4Threshold: form.get("phq4Threshold"),
          waitingLimitMinutes: form.get("waitingLimitMinutes"),
        }),
      () => {
        setSaved(true);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="mt-3">
      <ErrorSummary failure={failure} />
      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className="font-semibold">Clinic rules for {clinic.name}</legend>
        <div>
          <label htmlFor={`gap-${clinic.id}`} className="block">
            Handover gap before the GP (minutes)
          </label>
          <input
            id={`gap-${clinic.id}`}
            name="handoverGapMinutes"
            type="number"
            min={0}
            max={120}
            defaultValue={clinic.handoverGapMinutes}
            className="mt-1 w-28 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor={`phq4-${clinic.id}`} className="block">
            PHQ-4 total that offers Talking Therapies
          </label>
          <input
            id={`phq4-${clinic.id}`}
            name="phq4Threshold"
            type="number"
            min={1}
            max={12}
            defaultValue={clinic.phq4Threshold}
            className="mt-1 w-28 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor={`wait-${clinic.id}`} className="block">
            Flow board highlights waits over (minutes)
          </label>
          <input
            id={`wait-${clinic.id}`}
            name="waitingLimitMinutes"
            type="number"
            min={5}
            max={240}
            defaultValue={clinic.waitingLimitMinutes}
            className="mt-1 w-28 rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
          {pending ? "Saving…" : "Save clinic rules"}
        </button>
      </fieldset>
      <p role="status" className="mt-2 text-nhs-green">
        {saved ? "Clinic rules saved." : ""}
      </p>
    </form>
  );
}
