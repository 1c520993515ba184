import { RISK_KINDS, type RiskKind } from "@/lib/triage/risk";
import { RISK_LABELS } from "@/lib/triage";
import { ukDate } from "@/components/dates";

/** The "Risk" flag beside a patient's name: words first, colour only as a second cue. */
export function RiskFlag({ detail }: { detail?: string }) {
  return (
    <strong
      data-testid="risk-flag"
      className="ml-2 inline-block rounded border-2 border-nhs-red bg-white px-1.5 py-0.5 text-sm font-bold text-nhs-red"
    >
      Risk{detail ? `: ${detail}` : ""}
    </strong>
  );
}

export type RiskFlagItem = { triageOutcomeId: string; kinds: RiskKind[]; actionTaken: string | null; triageDate: string };

/** "to self, from others" over several risks, each kind once. */
function kindsOf(risks: readonly RiskFlagItem[]): string {
  return RISK_KINDS.filter((k) => risks.some((r) => r.kinds.includes(k)))
    .map((k) => RISK_LABELS[k].replace(/^Risk /, ""))
    .join(", ");
}

/**
 * A patient's open risks on a list: one flag naming every kind, then each
 * risk's triage date and the action taken. Open risks only (services/open-risks.ts).
 */
export function OpenRiskFlags({ risks }: { risks: readonly RiskFlagItem[] }) {
  if (risks.length === 0) return null;
  return (
    <>
      <RiskFlag detail={kindsOf(risks)} />
      <ul data-testid="open-risks" className="mt-1 text-sm font-normal">
        {risks.map((r) => (
          <li key={r.triageOutcomeId}>
            Triage of {ukDate(r.triageDate)}
            {r.actionTaken ? `: action taken: ${r.actionTaken}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}
