import Link from "next/link";
import type { ActionResult } from "@/lib/auth/handle";
import { OpenRisksSection } from "@/components/open-risks-section";
import { ACTION_KIND_LABELS, type CarePlanAction, type RecommendationDecision } from "@/lib/care-plan";
import { formatNhsNumber } from "@/lib/nhs-number";
import { PHQ4_BAND_LABELS } from "@/lib/phq4";
import { formatLondon } from "@/lib/schedule";
import type { CarePlanVersionEntry } from "@/lib/services/care-plans/get-care-plan-history";
import type { PatientSummary } from "@/lib/services/patients/get-patient-summary";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { BMI_CATEGORY_LABELS, bmiCategory } from "@/lib/wrap-around";
import { DataTable } from "@/components/ui/table";
import { ukDate } from "@/components/dates";
import { RiskFlag } from "@/components/risk-flag";
import { HUDDLE_DESTINATION_LABELS } from "@/lib/huddle/services";
import { REFERRAL_STATUS_LABELS } from "@/lib/referral";

const OUTCOME_LABELS: Record<string, string> = {
  REFER: "Refer into Talking Therapies",
  REVIEW_LATER: "Review at a later clinic",
  STANDALONE_SUPPORT: "Standalone support contact",
  SIGNPOST: "Signpost elsewhere",
};
const PATHWAY_LABELS: Record<string, string> = { STEP_2: "step 2", STEP_3: "step 3", LONG_TERM_CONDITIONS: "long-term conditions pathway" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-semibold">{label}</dt>
      <dd className="whitespace-pre-line">{children}</dd>
    </div>
  );
}

/**
 * The GP's one-screen summary: every open risk (with the form to record it
 * reviewed or resolved, for who may), conditions, whether Talking Therapies is
 * still to come, wrap-around results, PHQ-4, the latest triage outcome.
 */
export function PatientSummaryPanel({
  summary,
  reviewRiskAction,
  bringToHuddle,
}: {
  summary: PatientSummary;
  reviewRiskAction?: (input: unknown) => Promise<ActionResult<{ outcome: "REVIEWED" | "RESOLVED" }>>;
  /** The "Bring to the huddle" form, for those who may bring a case. */
  bringToHuddle?: React.ReactNode;
}) {
  const { patient, wrapAround: w, phq4, triage, openRisks, therapyWaitlisted } = summary;
  const historyHref = summary.canReviewRisk ? `/patients/${patient.id}/triage-history` : undefined;
  const risks = triage
    ? [triage.risk.toSelf && "to self", triage.risk.toOthers && "to others", triage.risk.fromOthers && "from others"].filter(Boolean)
    : [];
  return (
    <>
      <dl className="mt-3 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <Row label="NHS number">{formatNhsNumber(patient.nhsNumber)}</Row>
        <Row label="Date of birth">{ukDate(patient.dateOfBirth)}</Row>
        <Row label="Practice">{patient.practiceName}</Row>
        <Row label="Long-term conditions">{patient.conditions.map((c) => CONDITION_LABELS[c]).join(", ") || "None recorded"}</Row>
        <Row label="Language">
          {patient.preferredLanguage}
          {patient.interpreterNeeded ? " (interpreter needed)" : ""}
        </Row>
        {patient.accessibilityNeeds ? <Row label="Access needs">{patient.accessibilityNeeds}</Row> : null}
        {therapyWaitlisted ? (
          <Row label="Talking Therapies">
            <strong data-testid="therapy-waitlisted">Talking Therapies: waitlisted</strong>
            {` since the clinic of ${ukDate(therapyWaitlisted.fromDate)}${therapyWaitlisted.forDate ? `, for the clinic of ${ukDate(therapyWaitlisted.forDate)}` : ""}: ${therapyWaitlisted.reason}. Not seen by the therapist yet.`}
          </Row>
        ) : null}
      </dl>

      <OpenRisksSection
        risks={openRisks.map(({ triageOutcomeId, kinds, actionTaken, triageDate, recordedByName, version }) => ({
          triageOutcomeId,
          kinds,
          actionTaken,
          triageDate,
          recordedByName,
          version,
        }))}
        reviewAction={summary.canReviewRisk ? reviewRiskAction : undefined}
        historyHref={historyHref}
      />

      {summary.treatmentMeasures.riskAnswers.length > 0 ? (
        <section
          aria-labelledby="treatment-risk-heading"
          className="mt-4 max-w-3xl border-l-8 border-red-700 bg-red-50 p-4"
          data-testid="treatment-risk"
        >
          <h2 id="treatment-risk-heading" className="text-xl font-bold">
            Self-harm question answered in Talking Therapies
          </h2>
          <ul className="mt-2 list-disc pl-6">
            {summary.treatmentMeasures.riskAnswers.map((r, i) => (
              <li key={i}>
                {`${ukDate(r.date)}, ${r.instrument} item ${r.items.join(", ")} answered above 0. What was done: ${r.riskResponse} (${r.recordedByName})`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="wrap-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="wrap-heading" className="text-xl font-bold">
            Wrap-around results
          </h2>
          {w ? (
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <Row label="Date">{ukDate(w.date)}</Row>
              {w.systolic !== null && w.diastolic !== null ? <Row label="Blood pressure">{`${w.systolic}/${w.diastolic} mmHg`}</Row> : null}
              {w.pulse !== null ? <Row label="Pulse">{`${w.pulse} a minute`}</Row> : null}
              {w.bmi !== null ? <Row label="BMI">{`${w.bmi.toFixed(1)} (${BMI_CATEGORY_LABELS[bmiCategory(w.bmi)]})`}</Row> : null}
              <Row label="Bloods">{w.bloodsTaken ? "Taken" : "Not taken"}</Row>
              {w.footCheck ? <Row label="Foot check">{w.footCheck}</Row> : null}
              {w.spirometry ? <Row label="Spirometry">{w.spirometry}</Row> : null}
              {w.inhalerCheck ? <Row label="Inhaler check">{w.inhalerCheck}</Row> : null}
              {w.otherTests ? <Row label="Other tests">{w.otherTests}</Row> : null}
              {w.notes ? <Row label="Notes">{w.notes}</Row> : null}
            </dl>
          ) : (
            <p className="mt-2 text-slate-700">No wrap-around checks recorded.</p>
          )}
        </section>

        <section aria-labelledby="phq4-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="phq4-heading" className="text-xl font-bold">
            PHQ-4
          </h2>
          {phq4 ? (
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <Row label="Date">{ukDate(phq4.date)}</Row>
              <Row label="Total">{`${phq4.total} of 12 (${PHQ4_BAND_LABELS[phq4.band]})`}</Row>
              <Row label="Anxiety (GAD-2)">{`${phq4.anxiety} of 6${phq4.anxietyPositive ? ": positive" : ""}`}</Row>
              <Row label="Depression (PHQ-2)">{`${phq4.depression} of 6${phq4.depressionPositive ? ": positive" : ""}`}</Row>
            </dl>
          ) : (
            <p className="mt-2 text-slate-700">No PHQ-4 recorded.</p>
          )}
        </section>

        <section aria-labelledby="triage-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="triage-heading" className="text-xl font-bold">
            Talking Therapies
          </h2>
          {triage ? (
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <Row label="Seen">{`${ukDate(triage.date)} by ${triage.recordedByName}`}</Row>
              <Row label="Outcome">
                {OUTCOME_LABELS[triage.outcome] ?? triage.outcome}
                {triage.pathway ? `: ${PATHWAY_LABELS[triage.pathway] ?? triage.pathway}` : ""}
                {triage.signpostTo ? `: ${triage.signpostTo}` : ""}
              </Row>
              <Row label="Presenting problems">{triage.presentingProblems}</Row>
              <Row label="Risk recorded">{risks.length > 0 ? risks.join(", ") : "None identified"}</Row>
              {summary.treatmentMeasures.latest.map((m) => (
                <Row key={m.measure} label={`Latest ${m.name}`}>{`${m.total} of ${m.max} (${ukDate(m.date)})`}</Row>
              ))}
              <Row label="Recommendations">{triage.recommendations.length > 0 ? triage.recommendations.join("\n") : "None"}</Row>
              {triage.version > 1 ? <Row label="Versions">{`${triage.version}: changed since first recorded`}</Row> : null}
            </dl>
          ) : (
            <p className="mt-2 text-slate-700">Not seen by Talking Therapies.</p>
          )}
          {triage && historyHref ? (
            <p className="mt-2">
              <Link href={historyHref} className="text-nhs-blue underline">
                Triage history<span className="sr-only"> of {patient.name}</span>
              </Link>
            </p>
          ) : null}
        </section>
      </div>

      <HuddleSection cases={summary.huddle} bring={bringToHuddle} />
    </>
  );
}

/** The patient's cases at the PCN's referral huddle, what was decided and where each referral stands (overdue flagged). */
function HuddleSection({ cases, bring }: { cases: PatientSummary["huddle"]; bring?: React.ReactNode }) {
  return (
    <section aria-labelledby="huddle-heading" className="mt-6 rounded border border-slate-300 bg-white p-4">
      <h2 id="huddle-heading" className="text-xl font-bold">
        Referral huddle
      </h2>
      {cases.length === 0 ? <p className="mt-2 text-slate-700">Not brought to the huddle.</p> : null}
      <ul className="mt-2 space-y-2">
        {cases.map((c) => (
          <li key={c.caseId}>
            <strong>{ukDate(c.date)}</strong>: {c.question}{" "}
            {c.decision ? (
              <>
                <br />
                {HUDDLE_DESTINATION_LABELS[c.decision.destination]}
                {c.decision.pathway ? ` (${PATHWAY_LABELS[c.decision.pathway]})` : ""}
                {c.decision.serviceName ? `: ${c.decision.serviceName}` : ""}. {c.decision.reason}
                {c.decision.whatIsNeeded ? ` Needed first: ${c.decision.whatIsNeeded}.` : ""}
                {c.decision.referral ? (
                  <>
                    {" "}
                    Referral {REFERRAL_STATUS_LABELS[c.decision.referral.status].toLowerCase()}
                    {c.decision.referral.status === "REFERRED" && c.decision.referral.acceptBy
                      ? `, to be accepted by ${ukDate(c.decision.referral.acceptBy)}`
                      : ""}
                    .{c.decision.referral.overdue ? <RiskFlag detail="referral overdue" /> : null}
                  </>
                ) : null}
              </>
            ) : (
              <span className="font-semibold">(waiting for the huddle)</span>
            )}
          </li>
        ))}
      </ul>
      {bring ? (
        <div id="bring-to-huddle" className="mt-3">
          <h3 className="text-lg font-bold">Bring to the huddle</h3>
          {bring}
        </div>
      ) : null}
    </section>
  );
}

type PlanLike = {
  version: number;
  status: string;
  whatMatters: string | null;
  goals: string | null;
  actions: CarePlanAction[];
  recommendations: RecommendationDecision[];
  keyWorkerName: string | null;
  nextReviewDate: string | null;
  reviewClinicDayDate: string | null;
  finalisedAt: Date | null;
  finalisedByName: string | null;
};

/** A final plan as read on screen: the content, who keeps in touch, when the review is. */
export function CarePlanDocument({ plan }: { plan: PlanLike }) {
  const accepted = plan.recommendations.filter((r) => r.accepted === true);
  const declined = plan.recommendations.filter((r) => r.accepted === false);
  return (
    <div className="space-y-4">
      <dl className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <Row label="What matters">{plan.whatMatters ?? "—"}</Row>
        <Row label="Goals">{plan.goals ?? "—"}</Row>
        <Row label="Key worker">{plan.keyWorkerName ?? "Not named yet"}</Row>
        <Row label="Next review">
          {plan.nextReviewDate ? ukDate(plan.nextReviewDate) : "Not set"}
          {plan.reviewClinicDayDate
            ? `, booked into the clinic day of ${ukDate(plan.reviewClinicDayDate)}`
            : plan.nextReviewDate
              ? ", on the review list"
              : ""}
        </Row>
        {plan.finalisedAt ? (
          <Row label="Finalised">{`${formatLondon(plan.finalisedAt, "d MMMM yyyy, HH:mm")} by ${plan.finalisedByName ?? "—"}`}</Row>
        ) : null}
      </dl>
      {plan.actions.length > 0 ? (
        <DataTable
          className="w-full max-w-4xl border-collapse bg-white text-left"
          captionClassName="text-left font-semibold"
          caption="Actions"
          columns={["Kind", "What", "Who", "By when"]}
        >
          {plan.actions.map((a, i) => (
            <tr key={i} className="border-b border-slate-200">
              <td className="p-2">{ACTION_KIND_LABELS[a.kind]}</td>
              <td className="p-2">{a.description}</td>
              <td className="p-2">{a.who}</td>
              <td className="p-2 whitespace-nowrap">{ukDate(a.byWhen)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {accepted.length + declined.length > 0 ? (
        <div>
          <h3 className="font-semibold">Therapist’s recommendations</h3>
          <ul className="mt-1 list-disc pl-6">
            {accepted.map((r) => (
              <li key={r.recommendation}>Accepted: {r.recommendation}</li>
            ))}
            {declined.map((r) => (
              <li key={r.recommendation}>
                Declined: {r.recommendation} ({r.reason})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

const STATUS_LABELS: Record<string, string> = { DRAFT: "Draft", FINAL: "Final (current)", SUPERSEDED: "Replaced" };

/** Every version: who wrote and finalised it, when, why, and which fields it changed. */
export function CarePlanHistory({ entries }: { entries: CarePlanVersionEntry[] }) {
  if (entries.length === 0) return <p className="mt-2 text-slate-700">No care plan yet.</p>;
  return (
    <DataTable
      className="mt-2 w-full max-w-5xl border-collapse bg-white text-left"
      caption="Versions of the care plan, newest first"
      columns={["Version", "Status", "Written by", "Finalised", "Why", "Fields changed"]}
    >
      {entries.map((e) => (
        <tr key={e.id} className="border-b border-slate-200 align-top">
          <td className="p-2">{e.version}</td>
          <td className="p-2">{STATUS_LABELS[e.status] ?? e.status}</td>
          <td className="p-2">
            {e.authorName}, {formatLondon(e.createdAt, "d MMM yyyy HH:mm")}
          </td>
          <td className="p-2">{e.finalisedAt ? `${formatLondon(e.finalisedAt, "d MMM yyyy HH:mm")} by ${e.finalisedByName}` : "Not yet"}</td>
          <td className="p-2">{e.changeReason ?? (e.version === 1 ? "First plan" : "—")}</td>
          <td className="p-2">{e.changed.join(", ") || "None"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
