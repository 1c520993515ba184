import Link from "next/link";
import { ukDate } from "@/components/dates";
import { RiskFlag } from "@/components/risk-flag";
import type { Actor } from "@/lib/db/context";
import { hasPermission } from "@/lib/auth/permissions";
import { HUDDLE_DESTINATION_LABELS, MENTAL_HEALTH_SERVICE_LABELS } from "@/lib/huddle/services";
import { formatNhsNumber } from "@/lib/nhs-number";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { REFERRAL_STATUS_LABELS } from "@/lib/referral";
import type { HuddleCaseView, HuddleView } from "@/lib/services/huddles/get-todays-huddle";
import { REFERRAL_PATHWAY_LABELS, TRIAGE_OUTCOME_LABELS } from "@/lib/triage";
import { closeHuddleAction, decideCaseAction, recordAttendanceAction } from "@/app/(clinic)/huddle/actions";
import { AttendanceForm } from "./attendance-form";
import { CloseHuddleButton } from "./close-huddle-button";
import { DecisionForm, type Acceptor } from "./decision-form";
import { HuddleTimer } from "./huddle-timer";
import { isPartnerOnly } from "./partner";

const mmss = (seconds: number) => `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;

/** What an attendee is at the huddle: the service a partner represents, or their role in the PCN. */
export function attendeeRole(a: Pick<HuddleView["attendees"][number], "roles" | "partnerService" | "partnerServiceName">): string {
  if (a.partnerService)
    return a.partnerService === "OTHER" ? (a.partnerServiceName ?? "Another service") : MENTAL_HEALTH_SERVICE_LABELS[a.partnerService];
  if (a.roles.includes("THERAPIST")) return "Talking Therapies";
  if (a.roles.includes("GP")) return "GP";
  if (a.roles.includes("CLINIC_LEAD")) return "Clinic lead";
  return "Staff";
}

/** A decision in words: where it sent the case and what goes with it. */
export function decisionText(d: NonNullable<HuddleCaseView["decision"]>): string {
  const parts = [HUDDLE_DESTINATION_LABELS[d.destination]];
  if (d.pathway) parts[0] += ` (${REFERRAL_PATHWAY_LABELS[d.pathway]})`;
  if (d.serviceName) parts[0] += `: ${d.serviceName}`;
  if (d.acceptedByName) parts.push(`accepted by ${d.acceptedByName}`);
  return parts.join(", ");
}

/** The action a decision leaves: the referral's owner and accept-by date, or what is needed before the next huddle. */
export function decisionAction(d: NonNullable<HuddleCaseView["decision"]>): string | null {
  if (d.whatIsNeeded) return `Before the next huddle: ${d.whatIsNeeded}`;
  if (d.referral && d.referral.status === "REFERRED")
    return `${d.referral.ownerName ?? "The GP"} follows the referral until it is accepted${d.referral.acceptBy ? `, by ${ukDate(d.referral.acceptBy)}` : ""}`;
  if (d.referral) return `Referral ${REFERRAL_STATUS_LABELS[d.referral.status].toLowerCase()}`;
  return null;
}

/** A huddle as its attendees run it: the timer, who is present, and each case in order with its decision. */
export function HuddlePage({ actor, huddle, today, now }: { actor: Actor; huddle: HuddleView; today: string; now: Date }) {
  const lead = actor.roles.includes("CLINIC_LEAD");
  const me = huddle.attendees.find((a) => a.staffId === actor.id);
  const onDay = huddle.date === today;
  const canRecord = hasPermission(actor.roles, "huddle:decide") && (lead || Boolean(me)) && !huddle.closed;
  const partnerOnly = me && isPartnerOnly(actor.roles) ? me.partnerService : null;
  const acceptors: Acceptor[] = huddle.attendees
    .filter((a) => a.present !== false)
    .map((a) => ({ staffId: a.staffId, name: a.name, therapist: a.roles.includes("THERAPIST"), partnerService: a.partnerService }));
  const shareOf = new Map(huddle.timer.perCase.map((c) => [c.caseId, c]));
  const open = huddle.cases.filter((c) => c.status === "OPEN").length;
  return (
    <>
      <h1 className="text-3xl font-bold">Referral huddle</h1>
      <p className="mt-1 text-lg">
        {ukDate(huddle.date, "EEEE d MMMM yyyy")} at {huddle.time}, {huddle.durationMinutes} minutes.{" "}
        {huddle.closed ? (
          <strong>Closed: its undecided cases went on to the next huddle.</strong>
        ) : (
          `${open} of ${huddle.cases.length} cases still to decide.`
        )}
      </p>
      <p className="mt-1 flex flex-wrap gap-4">
        <Link href={`/huddle/${huddle.id}/minutes`} className="text-nhs-blue underline">
          Minutes (print)
        </Link>
        <Link href="/huddle/referrals" className="text-nhs-blue underline">
          Referrals from the huddle
        </Link>
        {lead ? (
          <Link href="/huddle/schedule" className="text-nhs-blue underline">
            Schedule and attendees
          </Link>
        ) : null}
      </p>

      <section aria-labelledby="timer-heading" className="mt-6">
        <h2 id="timer-heading" className="text-2xl font-bold">
          Timer
        </h2>
        <p className="mt-1">
          {huddle.cases.length > 0 && huddle.timer.perCase.length > 0
            ? `${huddle.durationMinutes} minutes shared by ${huddle.timer.perCase.length} cases: about ${mmss(huddle.timer.perCase[huddle.timer.perCase.length - 1].seconds)} each.`
            : `${huddle.durationMinutes} minutes; no cases yet.`}
        </p>
        {onDay && !huddle.closed ? (
          <HuddleTimer
            startsAt={`${huddle.date}T${huddle.time}`}
            durationMinutes={huddle.durationMinutes}
            elapsedAtRender={Math.floor((now.getTime() - londonWallTimeToInstant(huddle.date, huddle.time).getTime()) / 1000)}
            shares={huddle.timer.perCase.map((s) => ({ ...s, label: huddle.cases.find((c) => c.id === s.caseId)?.patient.name ?? "" }))}
          />
        ) : null}
      </section>

      <section aria-labelledby="attendance-heading" className="mt-6">
        <h2 id="attendance-heading" className="text-2xl font-bold">
          Who is here
        </h2>
        {canRecord && onDay ? (
          <AttendanceForm
            huddleId={huddle.id}
            attendees={huddle.attendees.map((a) => ({ staffId: a.staffId, name: a.name, role: attendeeRole(a), present: a.present }))}
            action={recordAttendanceAction}
          />
        ) : (
          <ul className="mt-2 list-disc pl-6">
            {huddle.attendees.map((a) => (
              <li key={a.staffId}>
                {a.name} ({attendeeRole(a)}){a.present === true ? ": present" : a.present === false ? ": not present" : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="cases-heading" className="mt-6">
        <h2 id="cases-heading" className="text-2xl font-bold">
          Cases, in order
        </h2>
        {huddle.cases.length === 0 ? <p className="mt-2">No cases have been brought to this huddle yet.</p> : null}
        <ol className="mt-2 space-y-4" aria-label="Cases in the order they are discussed">
          {huddle.cases.map((c, i) => (
            <li key={c.id} data-testid="huddle-case">
              <article
                aria-labelledby={`case-${c.id}`}
                className={`rounded border-2 bg-white p-4 ${c.urgent ? "border-nhs-red" : "border-slate-300"}`}
              >
                <h3 id={`case-${c.id}`} className="text-xl font-bold">
                  {i + 1}. {c.patient.name}
                  {c.urgent ? <RiskFlag detail="open risk, urgent" /> : null}
                </h3>
                <p className="text-slate-700">
                  NHS number {formatNhsNumber(c.patient.nhsNumber)}, {c.patient.age} years. Brought by {c.broughtByName} on{" "}
                  {ukDate(c.broughtAt.toISOString().slice(0, 10))}
                  {c.carriedOver ? " (carried over from an earlier huddle)" : ""}.
                  {shareOf.get(c.id) ? ` Time: about ${mmss(shareOf.get(c.id)!.seconds)}.` : ""}
                </p>
                {c.risks.length > 0 ? (
                  <div className="mt-2 border-l-4 border-nhs-red bg-red-50 p-2">
                    <p className="font-semibold">Open risk</p>
                    <ul className="list-disc pl-6">
                      {c.risks.map((r, k) => (
                        <li key={k}>
                          {r.summary} (triage of {ukDate(r.triageDate)}){r.actionTaken ? `. Action taken: ${r.actionTaken}` : ""}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
                  <dt className="font-semibold">Question</dt>
                  <dd>{c.question}</dd>
                  <dt className="font-semibold">Conditions</dt>
                  <dd>{c.patient.conditions.map((x) => CONDITION_LABELS[x]).join(", ") || "None recorded"}</dd>
                  <dt className="font-semibold">PHQ-4</dt>
                  <dd>{c.phq4 ? `${c.phq4.total} of 12 (${ukDate(c.phq4.date)})` : "None recorded"}</dd>
                  <dt className="font-semibold">Triage</dt>
                  <dd>
                    {c.triage
                      ? `${ukDate(c.triage.date)}: ${TRIAGE_OUTCOME_LABELS[c.triage.outcome]}${c.triage.signpostTo ? ` (${c.triage.signpostTo})` : ""}. ${c.triage.presentingProblems}`
                      : "No Talking Therapies triage"}
                  </dd>
                </dl>
                {c.decision ? (
                  <div className="mt-3 border-t border-slate-300 pt-2">
                    <p>
                      <strong>Decision:</strong> {decisionText(c.decision)}.
                    </p>
                    <p>
                      <strong>Reason:</strong> {c.decision.reason}
                    </p>
                    {decisionAction(c.decision) ? <p>{decisionAction(c.decision)}.</p> : null}
                  </div>
                ) : c.status === "OPEN" && canRecord && onDay ? (
                  <DecisionForm
                    caseId={c.id}
                    patientName={c.patient.name}
                    acceptors={acceptors}
                    onlyService={partnerOnly}
                    action={decideCaseAction}
                  />
                ) : c.status === "OPEN" ? (
                  <p className="mt-2 text-slate-700">{onDay ? "Waiting for a decision." : "Decided at the huddle, on its day."}</p>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      </section>

      {lead && !huddle.closed ? (
        <section aria-labelledby="close-heading" className="mt-6">
          <h2 id="close-heading" className="text-2xl font-bold">
            After the huddle
          </h2>
          <p>Cases not reached and deferred ones go on to the next huddle, first in its order. This also happens by itself the next day.</p>
          <CloseHuddleButton huddleId={huddle.id} action={closeHuddleAction} />
        </section>
      ) : null}
    </>
  );
}
