import { formatLondon } from "@/lib/schedule";
import type { TriageHistoryEntry, TriageVersionEntry } from "@/lib/services/triage/get-triage-history";
import { REFERRAL_PATHWAY_LABELS, RISK_LABELS, SIGNPOST_KIND_LABELS, TRIAGE_OUTCOME_LABELS, ukDate } from "@/lib/triage";
import { RISK_KINDS, RISK_REVIEW_VERBS } from "@/lib/triage/risk";

const when = (d: Date) => formatLondon(d, "d MMMM yyyy, HH:mm");

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-semibold">{label}</dt>
      <dd className="whitespace-pre-line">{children}</dd>
    </div>
  );
}

/** One version's content as it was saved. */
function VersionContent({ content: c }: { content: TriageVersionEntry["content"] }) {
  const risks = RISK_KINDS.filter((k) => c[k]).map((k) => RISK_LABELS[k]);
  return (
    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
      <Row label="Presenting problems">{c.presentingProblems}</Row>
      <Row label="Risk">{risks.length > 0 ? risks.join(", ") : "None identified"}</Row>
      {c.riskActionTaken ? <Row label="Action taken about the risk">{c.riskActionTaken}</Row> : null}
      <Row label="Outcome">
        {TRIAGE_OUTCOME_LABELS[c.outcome]}
        {c.pathway ? `: ${REFERRAL_PATHWAY_LABELS[c.pathway]}${c.consentToReferral ? ", with consent" : ""}` : ""}
        {c.signpostKind ? `: ${SIGNPOST_KIND_LABELS[c.signpostKind]}${c.signpostTo ? `, ${c.signpostTo}` : ""}` : ""}
        {c.reviewDate ? `: the clinic day of ${ukDate(c.reviewDate)}` : ""}
      </Row>
      <Row label="Recommendations">{c.recommendations.length > 0 ? c.recommendations.join("\n") : "None"}</Row>
    </dl>
  );
}

/**
 * A triage's versions, newest first, each with who saved it, when, why, what
 * it changed and its full content; and who recorded its risk reviewed or
 * resolved, when and why. Its headings are h3, under the caller's h2.
 */
export function TriageVersions({ entry }: { entry: TriageHistoryEntry }) {
  return (
    <div className="space-y-4">
      {entry.reviews.length > 0 ? (
        <div>
          <h3 className="text-lg font-bold">Risk reviews</h3>
          <ul className="mt-1 list-disc pl-6" data-testid="risk-reviews">
            {entry.reviews.map((r) => (
              <li key={r.id}>
                {RISK_REVIEW_VERBS[r.outcome][0].toUpperCase() + RISK_REVIEW_VERBS[r.outcome].slice(1)} by {r.reviewedByName} on {when(r.reviewedAt)}{" "}
                (version {r.triageVersion}): {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol className="space-y-4" aria-label={`Versions of the triage of ${ukDate(entry.date)}, newest first`}>
        {entry.versions.map((v) => (
          <li key={v.version} data-testid="triage-version" className="rounded border border-slate-300 bg-white p-3">
            <h3 className="text-lg font-bold">
              Version {v.version}
              {v.version === entry.version ? " (current)" : ""}
            </h3>
            <p className="mt-1">
              Saved by {v.recordedByName} on {when(v.recordedAt)}.{" "}
              {v.version === 1 ? "First record." : `Why: ${v.changeReason ?? "no reason given"}.`}
              {v.version > 1 ? ` Changed: ${v.changed.join(", ") || "nothing"}.` : ""}
            </p>
            <VersionContent content={v.content} />
          </li>
        ))}
      </ol>
    </div>
  );
}
