"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { ErrorSummary } from "./error-summary";
import { useActionForm } from "./forms/use-action-form";

export function RosterSwapForm({
  sessionStaffId,
  label,
  currentStaffId,
  candidates,
  action,
}: {
  sessionStaffId: string;
  /** "Station 1 of the morning wrap-around", for the select's label. */
  label: string;
  currentStaffId: string;
  candidates: Array<{ id: string; name: string }>;
  action: (input: unknown) => Promise<ActionResult<{ staffName: string }>>;
}) {
  const router = useRouter();
  const { pending, failure, saved: done, setSaved: setDone, run } = useActionForm();
  const others = candidates.filter((c) => c.id !== currentStaffId);
  const [staffId, setStaffId] = useState(others[0]?.id ?? "");
  const selectId = `swap-${sessionStaffId}`;
  if (others.length === 0) return <p className="text-slate-700">No one else with this role is active.</p>;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => action({ sessionStaffId, staffId }),
          (data) => {
            setDone(`${data.staffName} is now rostered.`);
            router.refresh();
          },
        );
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={selectId} className="block text-sm">
            Swap {label} to
          </label>
          <select id={selectId} value={staffId} onChange={(e) => setStaffId(e.target.value)} className="rounded border-2 border-slate-700 px-2 py-1">
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-3 py-1 font-semibold text-white disabled:opacity-60">
          Swap<span className="sr-only"> {label}</span>
        </button>
      </div>
      <ErrorSummary failure={failure} fieldMessages={false} />
      <p role="status" className="text-sm text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
