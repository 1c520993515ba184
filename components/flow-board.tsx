"use client";

import { useEffect, useRef, useState } from "react";
import { OpenRiskFlags } from "@/components/risk-flag";
import type { FlowBoard, FlowBoardRow } from "@/lib/services/clinic-days/get-flow-board";
import { DataTable } from "@/components/ui/table";
import { LanguageBadge } from "@/components/language-badge";

/** Without the live stream (or until it opens), the board polls this often. */
const POLL_MS = 3_000;
/** With the stream open, the board is still refetched this often: minutes in stage and waits over the limit grow with the clock. */
const CLOCK_REFRESH_MS = 60_000;
/** After the stream was refused (503, signed out), try it again this long after. */
const STREAM_RETRY_MS = 30_000;

const STAGE_STYLES: Partial<Record<FlowBoardRow["stage"], string>> = {
  arrived: "border-nhs-green bg-nhs-green text-white",
  "waiting-talking-therapies": "border-slate-700 bg-white text-slate-900",
  "waiting-gp": "border-slate-700 bg-white text-slate-900",
  "with-talking-therapies": "border-nhs-blue bg-nhs-blue text-white",
  "with-gp": "border-nhs-blue bg-nhs-blue text-white",
  dna: "border-nhs-red bg-nhs-red text-white",
  "afternoon-dna": "border-nhs-red bg-nhs-red text-white",
  "left-before-seen": "border-nhs-red bg-nhs-red text-white",
  waitlisted: "border-nhs-red bg-white text-nhs-red",
};

function minutes(n: number | null): string {
  if (n === null) return "—";
  if (n < 60) return `${n} min`;
  return `${Math.floor(n / 60)} h ${n % 60} min`;
}

function overLimitSentence(count: number): string {
  if (count === 0) return "No patients over the waiting limit";
  return count === 1 ? "1 patient over the waiting limit" : `${count} patients over the waiting limit`;
}

/**
 * The live board. It listens to the day's server-sent events
 * (/api/clinic-days/<id>/events: "changed" whenever the board changed, pushed
 * by PostgreSQL LISTEN/NOTIFY) and refetches the board when told, and once a
 * minute for the clock. When the stream cannot be had it polls every few
 * seconds, as before, and tries the stream again later.
 * Only the count of patients over the waiting limit is announced to screen
 * readers; announcing every stage change would drown everything else out.
 */
export function FlowBoardLive({ initial }: { initial: FlowBoard }) {
  const [board, setBoard] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const inFlight = useRef(false);

  useEffect(() => {
    let cancelled = false;
    // A change told while a refetch is running: fetch again once it ends.
    let again = false;
    let missedWhileHidden = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let clockTimer: ReturnType<typeof setInterval> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;

    async function refresh() {
      if (document.hidden) {
        missedWhileHidden = true;
        return;
      }
      if (inFlight.current) {
        again = true;
        return;
      }
      inFlight.current = true;
      try {
        const response = await fetch(`/api/clinic-days/${initial.clinicDayId}/board`, {
          cache: "no-store",
          headers: { Accept: "application/json" },
        });
        const body = (await response.json().catch(() => null)) as (FlowBoard & { error?: { message?: string } }) | null;
        if (cancelled) return;
        if (response.ok && body) {
          setBoard(body);
          setProblem(null);
        } else {
          setProblem(body?.error?.message ?? "The board could not be updated.");
        }
      } catch {
        if (!cancelled) setProblem("The board could not be updated: check the connection.");
      } finally {
        inFlight.current = false;
      }
      if (again && !cancelled) {
        again = false;
        void refresh();
      }
    }

    function poll() {
      pollTimer = setTimeout(async () => {
        await refresh();
        if (!cancelled && pollTimer !== undefined) poll();
      }, POLL_MS);
    }
    function startPolling() {
      if (pollTimer === undefined) poll();
    }
    function stopPolling() {
      clearTimeout(pollTimer);
      pollTimer = undefined;
    }

    function connect() {
      if (cancelled || typeof EventSource === "undefined") return;
      const stream = new EventSource(`/api/clinic-days/${initial.clinicDayId}/events`);
      source = stream;
      stream.onopen = () => {
        setLive(true);
        stopPolling();
        clearInterval(clockTimer);
        clockTimer = setInterval(() => void refresh(), CLOCK_REFRESH_MS);
        // Whatever changed before the stream opened.
        void refresh();
      };
      stream.addEventListener("changed", () => void refresh());
      stream.onerror = () => {
        setLive(false);
        clearInterval(clockTimer);
        startPolling();
        // CONNECTING: the browser retries by itself. CLOSED: it was refused; try again later.
        if (stream.readyState === EventSource.CLOSED) {
          stream.close();
          clearTimeout(retryTimer);
          retryTimer = setTimeout(connect, STREAM_RETRY_MS);
        }
      };
    }

    function visible() {
      if (!document.hidden && missedWhileHidden) {
        missedWhileHidden = false;
        void refresh();
      }
    }

    startPolling();
    connect();
    document.addEventListener("visibilitychange", visible);
    return () => {
      cancelled = true;
      stopPolling();
      clearInterval(clockTimer);
      clearTimeout(retryTimer);
      source?.close();
      document.removeEventListener("visibilitychange", visible);
    };
  }, [initial.clinicDayId]);

  const counts = board.counts.filter((c) => c.count > 0);

  return (
    <div className="mt-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-slate-700">
          Updated <span className="font-semibold tabular-nums">{board.updatedTime}</span>
          <span className="text-sm" data-testid="board-mode">
            {live ? " (live: changes show as they are made)" : ` (refreshes every ${POLL_MS / 1000} seconds)`}
          </span>
        </p>
        <p className={board.overLimitCount > 0 ? "font-bold text-nhs-red" : "text-slate-700"}>{overLimitSentence(board.overLimitCount)}</p>
      </div>
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {overLimitSentence(board.overLimitCount)}
      </div>
      {problem ? (
        <p role="alert" className="mt-2 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          {problem} Showing the board as it was at {board.updatedTime}.
        </p>
      ) : null}

      <section aria-labelledby="stage-counts" className="mt-3">
        <h2 id="stage-counts" className="sr-only">
          Patients in each stage
        </h2>
        {counts.length === 0 ? (
          <p className="text-slate-700">No one is booked on this day.</p>
        ) : (
          <dl className="flex flex-wrap gap-2">
            {counts.map((c) => (
              <div key={c.stage} className="rounded border border-slate-300 bg-white px-3 py-1.5">
                <dt className="inline text-slate-700">{c.label}: </dt>
                <dd className="inline font-bold">{c.count}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      {board.rows.length > 0 ? (
        // Focusable so a keyboard can scroll the table sideways on a narrow tablet.
        <div className="mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label="Flow board table">
          <DataTable
            className="w-full border-collapse bg-white text-left"
            caption={`Where each patient is on ${board.dateLabel}`}
            columns={["Patient", "Stage", "Time in stage", "Itinerary", ...(board.showsPhq4 ? ["PHQ-4"] : [])]}
          >
            {board.rows.map((row) => (
              <tr key={row.patientId} className={`border-b border-slate-200 align-top ${row.overLimit ? "bg-yellow-50" : ""}`}>
                <th scope="row" className={`p-2 text-left font-semibold ${row.overLimit ? "border-l-8 border-nhs-warm-yellow" : ""}`}>
                  {row.name}
                  {row.risks ? <OpenRiskFlags risks={row.risks} /> : null}
                  <div className="text-sm font-normal whitespace-nowrap text-slate-700">{row.nhsNumber}</div>
                  <LanguageBadge language={row.language} className="mt-1 font-normal" />
                </th>
                <td className="p-2">
                  <span
                    data-testid="stage"
                    className={`inline-block rounded border px-1.5 py-0.5 font-semibold ${STAGE_STYLES[row.stage] ?? "border-slate-500 text-slate-800"}`}
                  >
                    {row.stageLabel}
                  </span>
                </td>
                <td className="p-2">
                  {row.overLimit ? (
                    <strong className="rounded bg-nhs-warm-yellow px-1.5 py-0.5 text-black">{row.overLimitText}</strong>
                  ) : (
                    minutes(row.minutesInStage)
                  )}
                  {row.stageSinceTime ? <div className="text-sm text-slate-700">since {row.stageSinceTime}</div> : null}
                </td>
                <td className="p-2 text-sm">
                  <ul>
                    {row.itinerary.morning ? (
                      <li>
                        Wrap-around {row.itinerary.morning.time}, {row.itinerary.morning.station}
                      </li>
                    ) : null}
                    {row.itinerary.afternoon.map((a) => (
                      <li key={`${a.kind}-${a.time}`}>
                        {a.label} {a.time}
                        {a.clinician ? ` with ${a.clinician}` : ""}
                        {a.missed ? <strong className="text-nhs-red">: {a.missed}</strong> : null}
                      </li>
                    ))}
                    {row.itinerary.waitlisted.map((w) => (
                      <li key={`waitlist-${w.kind}`} className="font-semibold text-nhs-red">
                        Waitlisted: {w.label}
                      </li>
                    ))}
                  </ul>
                </td>
                {board.showsPhq4 ? <td className="p-2">{row.phq4 ? `${row.phq4.total} (${row.phq4.band})` : "Not yet"}</td> : null}
              </tr>
            ))}
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}
