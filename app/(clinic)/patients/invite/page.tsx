import type { Metadata } from "next";
import Link from "next/link";
import { ErrorSummary } from "@/components/error-summary";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable, RowHeader } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { MULTI_MORBIDITY_MIN_CONDITIONS } from "@/lib/patients/eligibility";
import { formatLondon } from "@/lib/schedule";
import { getInvitationSummary, type InvitationSummary } from "@/lib/services/patient-links/get-invitation-summary";
import { listInvitablePatients, type InvitableList } from "@/lib/services/patient-links/list-invitable-patients";
import { listPractices } from "@/lib/services/patients/list-practices";
import type { InvitedFilter } from "@/lib/validation/patient-links";
import { sendInvitationsAction } from "./actions";

export const metadata: Metadata = { title: "Invite patients" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const LEAVE_OUT: Array<[InvitedFilter, string]> = [
  ["open-link", "Patients whose earlier link still works"],
  ["recently", "Patients sent a link in the last number of days below (or whose link still works)"],
  ["none", "Nobody: list everyone eligible and not booked (a new link replaces an earlier one)"],
];

const CHANNEL_WORDS = { SMS: "Text message", EMAIL: "Email" } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why some can be listed but not all: one sending names at most `limit` patients. */
function overLimitText(list: InvitableList): string {
  const next =
    list.filter.leaveOut === "none"
      ? "Choose a practice to narrow the list, or leave out patients whose link still works so those sent one drop off the list."
      : "Send these, then come back: those just sent a link drop off the list and the next ones are listed. Or choose a practice to narrow it.";
  return `${list.total} patients match. Only the first ${list.limit} (by family name) are listed, as one sending invites at most ${list.limit}. ${next}`;
}

/**
 * Reception invites a filtered list from the register (issue 16): eligible patients of the PCN with no morning
 * appointment booked from today on, each ticked to be sent a link by text and/or email on the channels they
 * agreed to. Plain forms: the filter is a GET, sending posts to a server action that comes back here with a
 * summary, so it works without JavaScript.
 */
export default async function InvitePatientsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePagePermission("patient:invite");
  const params = await searchParams;
  const input = { practiceId: one(params.practiceId), leaveOut: one(params.leaveOut), withinDays: one(params.withinDays) };
  const practices = await listPractices(ctx);
  const shown = (promise: Promise<InvitableList | InvitationSummary>) =>
    promise.catch((error: unknown) => {
      if (error instanceof AppError && error.code === "VALIDATION") return error;
      throw error;
    });
  const listed = await shown(listInvitablePatients(ctx, input));
  const list = listed instanceof AppError ? null : (listed as InvitableList);
  const sentAt = one(params.sent);
  const summaryOrError = sentAt ? await shown(getInvitationSummary(ctx, { sentAt })) : null;
  const summary = summaryOrError && !(summaryOrError instanceof AppError) ? (summaryOrError as InvitationSummary) : null;
  const failure =
    listed instanceof AppError
      ? listed
      : summaryOrError instanceof AppError
        ? summaryOrError
        : one(params.error)
          ? { message: one(params.error) }
          : null;

  const filter = list?.filter ?? { practiceId: undefined, leaveOut: "open-link" as const, withinDays: 14 };
  const filterQuery = new URLSearchParams({
    ...(filter.practiceId ? { practiceId: filter.practiceId } : {}),
    leaveOut: filter.leaveOut,
    withinDays: String(filter.withinDays),
  });
  const untick = one(params.tick) === "none";
  const reachable = list?.patients.filter((p) => p.channels.length > 0) ?? [];

  return (
    <>
      <PageHeader back="/patients" backLabel="Back to patients" title="Invite patients to choose a time" />
      <p className="mt-1 max-w-3xl text-slate-700">
        Patients of your PCN eligible for the clinic day ({MULTI_MORBIDITY_MIN_CONDITIONS} or more long-term conditions on their record) with no
        morning appointment booked from today on. Each patient ticked is sent their own link, by text message and by email as they agreed, to choose a
        time, prepare and check in. The message names no one and no clinic.
      </p>

      {failure ? <ErrorSummary failure={{ message: failure.message }} /> : null}

      {summary ? (
        <section aria-labelledby="sent-heading" role="status" className="mt-4 rounded border border-green-700 bg-green-50 p-3">
          <h2 id="sent-heading" className="text-xl font-bold">
            Invitations sent to {plural(summary.invited, "patient")}
          </h2>
          <p className="mt-1">
            Queued: {plural(summary.queued.sms, "text message")}, {plural(summary.queued.email, "email")}.
          </p>
          {summary.unreached.length > 0 ? (
            <>
              <p className="mt-2 font-semibold">
                No message could reach {plural(summary.unreached.length, "patient")}: phone them, or send a link from their record to hand over in
                person.
              </p>
              <ul className="mt-1 list-disc pl-6">
                {summary.unreached.map((u) => (
                  <li key={u.id}>
                    <Link href={`/patients/${u.id}`} className="text-nhs-blue underline">
                      {u.familyName.toUpperCase()}, {u.givenName}
                    </Link>
                    : {u.reasons.join("; ")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <form method="get" action="/patients/invite" className="mt-4 grid max-w-3xl gap-3 rounded border border-slate-300 bg-white p-4">
        <h2 className="text-xl font-bold">Who to list</h2>
        <div>
          <label htmlFor="practiceId" className="block font-semibold">
            Practice
          </label>
          <select
            id="practiceId"
            name="practiceId"
            defaultValue={filter.practiceId ?? ""}
            className="mt-1 rounded border border-slate-500 bg-white px-2 py-1"
          >
            <option value="">All practices</option>
            {practices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.odsCode})
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="font-semibold">Leave out</legend>
          {LEAVE_OUT.map(([value, label]) => (
            <div key={value} className="mt-1 flex items-start gap-2">
              <input
                id={`leaveOut-${value}`}
                type="radio"
                name="leaveOut"
                value={value}
                defaultChecked={filter.leaveOut === value}
                className="mt-1"
              />
              <label htmlFor={`leaveOut-${value}`}>{label}</label>
            </div>
          ))}
        </fieldset>
        <div>
          <label htmlFor="withinDays" className="block font-semibold">
            Number of days
          </label>
          <p id="withinDays-hint" className="text-sm text-slate-700">
            For &ldquo;sent a link in the last number of days&rdquo;.
          </p>
          <input
            id="withinDays"
            name="withinDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            defaultValue={filter.withinDays}
            aria-describedby="withinDays-hint"
            className="mt-1 w-24 rounded border border-slate-500 px-2 py-1"
          />
        </div>
        <p>
          <button type="submit" className="rounded border-2 border-nhs-blue bg-white px-4 py-1 font-semibold text-nhs-blue">
            Show patients
          </button>
        </p>
      </form>

      {list ? (
        <section aria-labelledby="list-heading" className="mt-6">
          <h2 id="list-heading" className="text-xl font-bold">
            {plural(list.patients.length, "patient")}: {list.reach.sms} by text, {list.reach.email} by email, {list.reach.unreachable} cannot be
            reached
          </h2>
          {list.total > list.limit ? <p className="mt-2 border-l-4 border-nhs-blue bg-blue-50 p-3 font-semibold">{overLimitText(list)}</p> : null}
          {list.reach.unreachable > 0 ? (
            <p className="mt-2 text-slate-700">
              Patients who cannot be reached have not agreed to texts or emails, or have no number or address on their record: they are not sent a
              link from here. Phone them, or send a link from their record to hand over in person.
            </p>
          ) : null}
          {list.patients.length === 0 ? (
            <p className="mt-2">Nobody matches: everyone eligible is booked, or was left out by the choices above.</p>
          ) : (
            // Keyed by the tick choice and the sending: a checkbox's "ticked" is its starting state only, so a client-side
            // visit (untick everyone, or back after sending) must make new boxes for it to show.
            <form
              key={`${untick ? "none" : "all"}|${sentAt}`}
              action={sendInvitationsAction as unknown as (form: FormData) => Promise<void>}
              className="mt-3"
            >
              <input type="hidden" name="form" value="invitation-list" />
              <input type="hidden" name="practiceId" value={filter.practiceId ?? ""} />
              <input type="hidden" name="leaveOut" value={filter.leaveOut} />
              <input type="hidden" name="withinDays" value={String(filter.withinDays)} />
              {reachable.length > 0 ? (
                <p>
                  {untick ? (
                    <Link href={`/patients/invite?${filterQuery}`} className="text-nhs-blue underline">
                      Tick everyone who can be reached
                    </Link>
                  ) : (
                    <Link href={`/patients/invite?${filterQuery}&tick=none`} className="text-nhs-blue underline">
                      Untick everyone
                    </Link>
                  )}
                </p>
              ) : null}
              <div className="mt-2 overflow-x-auto">
                <DataTable
                  caption="Patients eligible and not booked"
                  columns={["Invite", "Name", "NHS number", "Practice", "Can be reached by", "Last sent a link"]}
                  headCellClassName="py-2 pr-4"
                >
                  {list.patients.map((p) => {
                    const name = `${p.givenName} ${p.familyName}`;
                    return (
                      <tr key={p.id} className="border-b border-slate-300 align-top">
                        <td className="py-2 pr-4">
                          {p.channels.length > 0 ? (
                            <>
                              <input
                                id={`invite-${p.id}`}
                                type="checkbox"
                                name="patientId"
                                value={p.id}
                                defaultChecked={!untick}
                                className="h-5 w-5"
                              />
                              <label htmlFor={`invite-${p.id}`} className="sr-only">
                                Invite {name}
                              </label>
                            </>
                          ) : (
                            <span className="text-sm">Not sent</span>
                          )}
                        </td>
                        <RowHeader className="py-2 pr-4 font-normal">
                          <Link href={`/patients/${p.id}`} className="font-semibold text-nhs-blue underline">
                            {p.familyName.toUpperCase()}, {p.givenName}
                          </Link>
                        </RowHeader>
                        <td className="py-2 pr-4 whitespace-nowrap tabular-nums">{formatNhsNumber(p.nhsNumber)}</td>
                        <td className="py-2 pr-4">{p.practiceName}</td>
                        <td className="py-2 pr-4">
                          {p.channels.length > 0 ? p.channels.map((c) => CHANNEL_WORDS[c]).join(" and ") : <strong>Cannot be reached</strong>}
                          {p.channels.length < 2 ? <span className="block text-sm text-slate-700">{p.refused.join("; ")}</span> : null}
                        </td>
                        <td className="py-2 pr-4">
                          {p.lastInvitedAt ? formatLondon(new Date(p.lastInvitedAt), "d MMM yyyy") : "Never"}
                          {p.openLink ? <span className="block text-sm">Link still works</span> : null}
                        </td>
                      </tr>
                    );
                  })}
                </DataTable>
              </div>
              {reachable.length > 0 ? (
                <p className="mt-3">
                  <button type="submit" className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-nhs-dark-blue">
                    Send invitations
                  </button>
                </p>
              ) : null}
            </form>
          )}
        </section>
      ) : null}
    </>
  );
}
