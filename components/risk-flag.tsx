/** The "Risk" flag beside a patient's name: words first, colour only as a second cue. */
export function RiskFlag({ detail }: { detail?: string }) {
  return (
    <strong data-testid="risk-flag" className="ml-2 inline-block rounded border-2 border-nhs-red bg-white px-1.5 py-0.5 text-sm font-bold text-nhs-red">
      Risk{detail ? `: ${detail}` : ""}
    </strong>
  );
}
