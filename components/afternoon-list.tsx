import Link from "next/link";
import { AfternoonAttendance, type AttendanceActions } from "@/components/afternoon-attendance";
import { ProgressButton } from "@/components/progress-button";
import { LanguageBadge } from "@/components/language-badge";
import { OpenRiskFlags } from "@/components/risk-flag";
import { sessionKindLabel } from "@/lib/appointments/kinds";
import type { ActionResult } from "@/lib/auth/handle";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import type { AfternoonEntry } from "@/lib/services/afternoons/get-afternoon-list";
import { DataTable } from "@/components/ui/table";

type Waitlisted = {
  id: string;
  kind: string;
  reason: string;
  patient: { givenName: string; familyName: string; nhsNumber: string };
  fromClinicDay: { date: Date };
};

type Action = (input: unknown) => Promise<ActionResult<unknown>>;

function progressStep(e: AfternoonEntry, progress: { callIn: Action; finish: Action }) {
  if (e.status === "BOOKED") return { label: "Call in", action: progress.callIn, done: `${e.name} is called in.` };
  if (e.status === "ARRIVED") return { label: "Finished", action: progress.finish, done: `${e.name} is finished.` };
  return null;
}

export function AfternoonList({
  title,
  entries,
  empty,
  progress,
  attendance,
  patientHref,
}: {
  title: string;
  entries: AfternoonEntry[];
  empty: string;
  /** The clinician's "Call in" and "Finished" actions, for the flow board. */
  progress?: { callIn: Action; finish: Action };
  /** "Did not attend or left" and its undo. */
  attendance?: AttendanceActions;
  /** Where the patient's name links to (the therapist's triage page). */
  patientHref?: (appointmentId: string) => string;
}) {
  return (
    <section className="mt-6" aria-labelledby="afternoon-list">
      <h2 id="afternoon-list" className="text-xl font-bold">
        {title}
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <DataTable
          className="mt-3 w-full border-collapse bg-white text-left"
          columns={["Time", "Patient", "NHS number", "With", "Also this afternoon", "Why", ...(progress ? ["Progress"] : [])]}
        >
          {entries.map((e) => (
            <tr key={e.appointmentId} className="border-b border-slate-200">
              <td className="p-2">{formatLondon(e.startsAt, "HH:mm")}</td>
              <td className="p-2 font-semibold">
                {patientHref ? (
                  <Link href={patientHref(e.appointmentId)} className="text-nhs-blue underline">
                    {e.name}
                  </Link>
                ) : (
                  e.name
                )}
                <LanguageBadge language={e.language} className="ml-2 font-normal" />
                <OpenRiskFlags risks={e.risks} />
                {e.therapyWaitlisted ? (
                  <div data-testid="therapy-waitlisted" className="mt-1 text-sm font-semibold">
                    Talking Therapies: waitlisted <span className="font-normal">({e.therapyWaitlisted.reason})</span>
                  </div>
                ) : null}
                {patientHref && e.triaged ? <div className="text-sm font-normal text-slate-700">Triage recorded</div> : null}
              </td>
              <td className="p-2">{formatNhsNumber(e.nhsNumber)}</td>
              <td className="p-2">{e.clinician ?? "—"}</td>
              <td className="p-2">{e.other ? `${sessionKindLabel(e.other.kind)} at ${formatLondon(e.other.startsAt, "HH:mm")}` : "—"}</td>
              <td className="p-2 text-sm text-slate-700">{e.reason ?? ""}</td>
              {progress ? (
                <td className="p-2">
                  {e.status === "FULFILLED" ? <span className="text-sm font-semibold">Seen</span> : null}
                  <ProgressButton appointmentId={e.appointmentId} patientName={e.name} steps={progressStep(e, progress)} />
                  {attendance ? (
                    <AfternoonAttendance
                      appointmentId={e.appointmentId}
                      patientName={e.name}
                      status={e.status}
                      missed={e.missed}
                      actions={attendance}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** `waitlistHref` is given only to staff who may book from the waitlist. */
export function WaitlistAlert({ entries, waitlistHref }: { entries: Waitlisted[]; waitlistHref?: string }) {
  if (entries.length === 0) return null;
  return (
    <section role="alert" aria-labelledby="waitlist" className="mt-6 rounded border-l-4 border-nhs-red bg-red-50 p-4">
      <h2 id="waitlist" className="text-xl font-bold text-nhs-red">
        {entries.length} {entries.length === 1 ? "patient is" : "patients are"} waiting for an appointment
      </h2>
      <ul className="mt-2 list-disc pl-6">
        {entries.map((w) => (
          <li key={w.id}>
            <strong>
              {w.patient.givenName} {w.patient.familyName}
            </strong>{" "}
            ({formatNhsNumber(w.patient.nhsNumber)}): {sessionKindLabel(w.kind)} since the clinic on{" "}
            {formatLondon(new Date(`${w.fromClinicDay.date.toISOString().slice(0, 10)}T12:00:00Z`), "d MMMM")}. {w.reason}.
          </li>
        ))}
      </ul>
      {waitlistHref ? (
        <p className="mt-2">
          <Link href={waitlistHref} className="font-semibold text-nhs-blue underline">
            Open the waitlist
          </Link>
        </p>
      ) : null}
    </section>
  );
}
