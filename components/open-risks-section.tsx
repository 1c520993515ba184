"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { RiskReviewForm } from "@/components/risk-review-form";
import { RISK_LABELS } from "@/lib/triage";
import type { RiskKind, RiskReviewOutcome } from "@/lib/triage/risk";
import { ukDate } from "@/components/dates";

export type OpenRiskView = {
  triageOutcomeId: string;
  kinds: RiskKind[];
  actionTaken: string | null;
  triageDate: string;
  recordedByName: string;
  version: number;
};

/**
 * Every open risk of a patient, from any triage on any day, each with its
 * kinds, the action taken, the triage's date and who recorded it; and for a
 * clinician who may, a form to record it reviewed or resolved. Stays mounted
 * when the page refreshes, so its confirmation outlives the risk it names.
 */
export function OpenRisksSection({
  risks,
  reviewAction,
  historyHref,
}: {
  risks: OpenRiskView[];
  reviewAction?: (input: unknown) => Promise<ActionResult<{ outcome: RiskReviewOutcome }>>;
  historyHref?: string;
}) {
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <p role="status" className="mt-3 font-semibold text-nhs-green">
        {done ?? ""}
      </p>
      {risks.length > 0 ? (
        <section aria-labelledby="open-risks-heading" className="mt-2 max-w-3xl rounded border-l-4 border-nhs-red bg-red-50 p-4">
          <h2 id="open-risks-heading" className="text-xl font-bold text-nhs-red">
            {risks.length === 1 ? "Open risk" : `${risks.length} open risks`}
          </h2>
          <p className="mt-1 text-slate-800">Flagged on every afternoon list and the flow board until a clinician records it reviewed or resolved.</p>
          <ul className="mt-2 space-y-4">
            {risks.map((r) => {
              const label = `the risk from the triage of ${ukDate(r.triageDate)}`;
              return (
                <li key={r.triageOutcomeId} data-testid="open-risk">
                  <p className="font-bold">
                    {r.kinds.map((k, i) => (i === 0 ? RISK_LABELS[k] : RISK_LABELS[k].toLowerCase())).join(", ")}: triage of {ukDate(r.triageDate)},
                    recorded by {r.recordedByName}
                  </p>
                  <p className="mt-1 whitespace-pre-line">Action taken: {r.actionTaken ?? "—"}</p>
                  {reviewAction ? (
                    <RiskReviewForm triageOutcomeId={r.triageOutcomeId} version={r.version} label={label} action={reviewAction} onDone={setDone} />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {historyHref ? (
            <p className="mt-3">
              <Link href={historyHref} className="text-nhs-blue underline">
                Triage history: every version and risk review
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
