import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReferralUpdateForm } from "@/components/referral-update-form";
import { TherapySessionForm } from "@/components/therapy-session-form";
import { DataTable, RowHeader } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { COMPLETED_BY_LABELS } from "@/lib/outcomes/labels";
import { MEASURES } from "@/lib/outcomes/measures";
import { CONDITION_LABELS } from "@/lib/patients/reference-data";
import { isFinished, REFERRAL_STATUS_LABELS } from "@/lib/referral";
import { londonToday } from "@/lib/schedule";
import { getReferralCourse, type CourseContact, type InstrumentChoice, type ReferralCourse } from "@/lib/services/outcomes/get-referral-course";
import { REFERRAL_PATHWAY_LABELS, ukDate } from "@/lib/triage";
import { recordTherapyContactAction, updateReferralAction } from "../../actions";

export const metadata: Metadata = { title: "Referral course" };

const KIND = { ASSESSMENT: "Assessment", TREATMENT: "Treatment" } as const;
const ATTENDANCE = { ATTENDED: "Attended", DID_NOT_ATTEND: "Did not attend", CANCELLED: "Cancelled" } as const;
const OPEN_FOR_SESSIONS = new Set(["ACCEPTED", "ENTERED_TREATMENT"]);

function score(c: CourseContact, measure: "PHQ9" | "GAD7") {
  const m = c.measures.find((x) => x.measure === measure);
  if (!m) return <span className="text-slate-700">—</span>;
  return (
    <>
      <span className="font-semibold">{m.total}</span>
      <span className="text-slate-700"> of {m.maxTotal}</span>
      <div className="text-sm">{m.band}</div>
    </>
  );
}

const yesNo = (value: boolean | null, none: string) => (value === null ? none : value ? "Yes" : "No");

function Outcome({ course }: { course: ReferralCourse }) {
  const o = course.outcome;
  const closed = course.referral.status === "FINISHED_TREATMENT";
  const notCounted = !closed
    ? "Not yet: shown once the referral is closed after treatment"
    : !o.finishedTreatment
      ? "Not counted: fewer than two attended treatment sessions"
      : !o.inImprovementRate
        ? "Not counted: fewer than two sessions with both measures"
        : "Not counted: not at caseness at the start";
  const rows: Array<[string, string, string]> = [
    [
      "Caseness at the first measured session",
      "outcome-caseness",
      o.atCaseness === null
        ? "Not measured yet"
        : `${o.atCaseness ? "Yes" : "No"} (PHQ-9 ${o.first!.phq9}, GAD-7 ${o.first!.gad7}; caseness is PHQ-9 ${MEASURES.PHQ9.caseness} or more, or GAD-7 ${MEASURES.GAD7.caseness} or more)`,
    ],
    ["Treatment sessions attended", "outcome-sessions", String(o.treatmentSessions)],
    ["Latest measured session", "outcome-latest", o.last ? `PHQ-9 ${o.last.phq9}, GAD-7 ${o.last.gad7}` : "Not measured yet"],
    [
      "Finished treatment",
      "outcome-finished",
      closed ? (o.finishedTreatment ? "Yes" : "No: fewer than two attended treatment sessions") : "Not yet closed",
    ],
    ["Recovered", "outcome-recovered", yesNo(o.recovered, notCounted)],
    [
      "Reliable improvement",
      "outcome-improvement",
      yesNo(o.reliablyImproved, o.inImprovementRate ? "" : notCounted.replace(": not at caseness at the start", "")),
    ],
    ["Reliable recovery", "outcome-reliable-recovery", yesNo(o.reliablyRecovered, notCounted)],
  ];
  return (
    <section aria-labelledby="outcome-heading" className="mt-8">
      <h2 id="outcome-heading" className="text-2xl font-bold">
        Outcome so far
      </h2>
      <p className="text-slate-700">
        As NHS Talking Therapies counts it, from the sessions still current (corrected sessions are left out); only versions validated for outcome
        reporting count.
      </p>
      <dl className="mt-3 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, testId, value]) => (
          <div key={testId} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function VersionChooser({ course, chosen }: { course: ReferralCourse; chosen: Record<"phq9" | "gad7", InstrumentChoice> }) {
  const choices = [
    ["phq9Version", "PHQ-9 version", course.instruments.PHQ9, chosen.phq9],
    ["gad7Version", "GAD-7 version", course.instruments.GAD7, chosen.gad7],
  ] as const;
  if (course.instruments.PHQ9.length < 2 && course.instruments.GAD7.length < 2) return null;
  return (
    <form method="get" className="mt-3 flex flex-wrap items-end gap-3 rounded bg-slate-50 p-3">
      {choices.map(([name, label, options, selected]) => (
        <div key={name}>
          <label htmlFor={name} className="block font-semibold">
            {label}
          </label>
          <select id={name} name={name} defaultValue={selected.id} className="mt-1 rounded border-2 border-slate-700 bg-white px-2 py-2">
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit" className="rounded border-2 border-nhs-blue bg-white px-3 py-2 font-semibold text-nhs-blue">
        Use these versions
      </button>
    </form>
  );
}

export default async function ReferralCoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ phq9Version?: string; gad7Version?: string }>;
}) {
  const ctx = await requirePagePermission("referral:manage");
  const { id } = await params;
  const { phq9Version, gad7Version } = await searchParams;
  let course: ReferralCourse;
  try {
    course = await getReferralCourse(ctx, { referralId: id });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { referral: r } = course;
  const today = londonToday();
  const chosen = {
    phq9: course.instruments.PHQ9.find((v) => v.id === phq9Version) ?? course.instruments.PHQ9[0],
    gad7: course.instruments.GAD7.find((v) => v.id === gad7Version) ?? course.instruments.GAD7[0],
  };

  return (
    <>
      <PageHeader back="/therapies/referrals" backLabel="Back to referrals" title={`${r.name}: Talking Therapies course`} />
      <dl className="mt-3 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">NHS number</dt>
        <dd>{formatNhsNumber(r.nhsNumber)}</dd>
        <dt className="font-semibold">Practice</dt>
        <dd data-testid="referral-practice">
          {r.practice.name} ({r.practice.odsCode})
        </dd>
        <dt className="font-semibold">Pathway</dt>
        <dd>
          {REFERRAL_PATHWAY_LABELS[r.pathway]}
          {r.ltcCondition ? `: ${CONDITION_LABELS[r.ltcCondition]}` : ""}
        </dd>
        <dt className="font-semibold">Status</dt>
        <dd data-testid="referral-status">{REFERRAL_STATUS_LABELS[r.status]}</dd>
        <dt className="font-semibold">Dates</dt>
        <dd>
          Referred {ukDate(r.referredAt)}
          {r.acceptedAt ? `; accepted ${ukDate(r.acceptedAt)}` : ""}
          {r.enteredTreatmentAt ? `; entered treatment ${ukDate(r.enteredTreatmentAt)}` : ""}
          {r.closedAt ? `; closed ${ukDate(r.closedAt)}${r.closedReason ? ` (${r.closedReason})` : ""}` : ""}
        </dd>
      </dl>

      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className="text-2xl font-bold">
          Sessions
        </h2>
        {course.contacts.length === 0 ? (
          <p className="mt-2">No sessions recorded yet.</p>
        ) : (
          <DataTable
            className="mt-3 w-full border-collapse bg-white text-left"
            caption="Sessions with their PHQ-9 and GAD-7"
            columns={["Date", "Session", "Attendance", "Practitioner", "PHQ-9", "GAD-7", "Notes"]}
          >
            {course.contacts.map((c) => (
              <tr
                key={c.id}
                data-testid="course-contact"
                className={`border-b border-slate-200 align-top ${c.supersededById ? "bg-slate-100 text-slate-700" : ""}`}
              >
                <RowHeader>
                  {ukDate(c.date)}
                  {c.supersededById ? <div className="text-sm font-semibold text-nhs-red">Corrected: not counted</div> : null}
                </RowHeader>
                <td className="p-2">{KIND[c.kind]}</td>
                <td className="p-2">{ATTENDANCE[c.attendance]}</td>
                <td className="p-2">{c.practitioner}</td>
                <td className="p-2" data-testid="contact-phq9">
                  {score(c, "PHQ9")}
                </td>
                <td className="p-2" data-testid="contact-gad7">
                  {score(c, "GAD7")}
                </td>
                <td className="p-2 text-sm">
                  <ul>
                    {c.correctionReason ? <li>Correction: {c.correctionReason}</li> : null}
                    {c.measures.map((m) => (
                      <li key={m.id}>
                        {m.instrument}: {COMPLETED_BY_LABELS[m.completedBy].toLowerCase()}
                        {m.adjustment ? `; adjustment: ${m.adjustment}` : ""}
                        {m.riskResponse ? (
                          <>
                            ; <span className="font-semibold">risk response:</span> {m.riskResponse}
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <Outcome course={course} />

      {OPEN_FOR_SESSIONS.has(r.status) ? (
        <section aria-labelledby="record-heading" className="mt-8">
          <h2 id="record-heading" className="text-2xl font-bold">
            Record a session
          </h2>
          <VersionChooser course={course} chosen={chosen} />
          <TherapySessionForm
            key={`${chosen.phq9.id}-${chosen.gad7.id}`}
            referralId={r.id}
            today={today}
            actorId={ctx.actor.id}
            practitioners={course.practitioners}
            instruments={chosen}
            action={recordTherapyContactAction}
          />
        </section>
      ) : null}

      <section aria-labelledby="status-heading" className="mt-8 max-w-xl">
        <h2 id="status-heading" className="text-2xl font-bold">
          Referral status
        </h2>
        {isFinished(r.status) ? (
          <p className="mt-2">This referral is {REFERRAL_STATUS_LABELS[r.status].toLowerCase()}: nothing further.</p>
        ) : (
          <ReferralUpdateForm referralId={r.id} patientName={r.name} status={r.status} today={today} action={updateReferralAction} />
        )}
      </section>
    </>
  );
}
