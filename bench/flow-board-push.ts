/**
 * The flow board pushed to 30 screens, against the production build on its own
 * embedded PostgreSQL (pg_stat_statements loaded to count statements).
 *
 * Thirty signed-in screens watch today's board the way the page does: in the
 * push phase each holds the server-sent event stream and refetches the board
 * when told "changed" (and once a minute for the clock, at a random phase); in
 * the poll phase each fetches the board every 3 seconds (the page's fallback).
 * Meanwhile reception checks a patient in and undoes it, a change every 2
 * seconds (and, in a last push phase, every 10 seconds). Printed: time from
 * each change's transaction to each screen's event and to its refetched board
 * (target: ≤ 1 s), and the database statements per minute of each phase beside
 * the changes alone. Both modes read the board through the instance's shared
 * builds (lib/db/day-cache.ts), as the app does.
 */
import { ensureBuild } from "@/tests/faults/global-setup";
import { actionId, callAction, EMAILS, percentile, prepareTemplate, signIn, startStack, type Stack } from "@/tests/faults/harness";
import { londonToday } from "@/lib/schedule";
import { freePort } from "@/bench/throwaway-database";

const SCREENS = 30;
const CHANGE_EVERY_MS = 2_000;
const WINDOW_MS = 30_000;
const POLL_MS = 3_000;
const CLOCK_REFRESH_MS = 60_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

type Screen = { events: number[]; refreshed: number[]; stop: () => void; opened: Promise<void> };

/** A board page in "push" mode: the stream, a refetch per "changed" (one at a time, as the page), the minute refresh. */
function pushScreen(baseUrl: string, dayId: string, cookie: string): Screen {
  const events: number[] = [];
  const refreshed: number[] = [];
  const controller = new AbortController();
  let inFlight = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const response = await fetch(`${baseUrl}/api/clinic-days/${dayId}/board`, { headers: { Cookie: cookie }, signal: controller.signal });
      await response.arrayBuffer();
      refreshed.push(Date.now());
    } catch {
      // Stopped.
    } finally {
      inFlight = false;
    }
    if (again && !controller.signal.aborted) {
      again = false;
      await refresh();
    }
  };
  let clock: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void refresh();
    clock = setInterval(() => void refresh(), CLOCK_REFRESH_MS);
  }, Math.random() * CLOCK_REFRESH_MS);
  const opened = (async () => {
    const response = await fetch(`${baseUrl}/api/clinic-days/${dayId}/events`, { headers: { Cookie: cookie }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`The event stream answered ${response.status}`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: changed$/m.test(event)) {
            events.push(Date.now());
            void refresh();
          }
        }
      }
    })();
  })();
  return {
    events,
    refreshed,
    opened,
    stop: () => {
      clearTimeout(first);
      clearInterval(clock);
      controller.abort();
    },
  };
}

/** A board page in "poll" mode: the board every 3 seconds. */
function pollScreen(baseUrl: string, dayId: string, cookie: string): Screen {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    try {
      const response = await fetch(`${baseUrl}/api/clinic-days/${dayId}/board`, { headers: { Cookie: cookie }, signal: controller.signal });
      await response.arrayBuffer();
    } catch {
      return;
    }
    if (!controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
  };
  timer = setTimeout(() => void poll(), Math.random() * POLL_MS);
  return {
    events: [],
    refreshed: [],
    opened: Promise.resolve(),
    stop: () => {
      clearTimeout(timer);
      controller.abort();
    },
  };
}

async function statements(stack: Stack): Promise<number> {
  const rows = await stack.db.$queryRawUnsafe<Array<{ n: bigint | null }>>(
    "select sum(calls) as n from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())",
  );
  return Number(rows[0].n ?? 0);
}

type Phase = { statementsPerMinute: number; changes: Array<{ at: number }>; screens: Screen[] };

async function runPhase(
  stack: Stack,
  mode: "push" | "poll" | "none",
  input: { dayId: string; appointmentId: string; cookies: string[]; desk: string; arrived: boolean },
  changeEveryMs = CHANGE_EVERY_MS,
): Promise<Phase> {
  const screens = mode === "none" ? [] : input.cookies.map((c) => (mode === "push" ? pushScreen : pollScreen)(stack.baseUrl, input.dayId, c));
  await Promise.all(screens.map((s) => s.opened));
  // Past the streams' opening requests: the steady state is measured.
  await sleep(1_500);
  await stack.db.$queryRawUnsafe("select pg_stat_statements_reset()");
  const startedAt = Date.now();
  const checkIn = actionId("clinic-days/[id]/actions", "checkInAction");
  const undo = actionId("clinic-days/[id]/actions", "undoArrivalAction");
  for (let k = 0; Date.now() - startedAt < WINDOW_MS - changeEveryMs; k++) {
    // Check in, undo, check in…: a change the board shows, as often as wanted.
    const next = startedAt + (k + 1) * changeEveryMs;
    const outcome = await callAction(stack.baseUrl, `/clinic-days/${input.dayId}`, input.arrived ? undo : checkIn, input.desk, [
      input.arrived ? { appointmentId: input.appointmentId, reason: "Checked in by mistake (bench)" } : { appointmentId: input.appointmentId },
    ]);
    if (!outcome.result?.ok) throw new Error(`A change failed: ${outcome.status} ${outcome.body.slice(0, 200)}`);
    input.arrived = !input.arrived;
    await sleep(Math.max(0, next - Date.now()));
  }
  await sleep(Math.max(0, startedAt + WINDOW_MS - Date.now()));
  const counted = await statements(stack);
  const minutes = (Date.now() - startedAt) / 60_000;
  for (const s of screens) s.stop();
  const audits = await stack.db.auditEvent.findMany({
    where: {
      entityId: input.appointmentId,
      action: { in: ["appointment.check-in", "appointment.undo-arrival"] },
      at: { gte: new Date(startedAt - 1000) },
    },
    select: { at: true },
    orderBy: { at: "asc" },
  });
  return { statementsPerMinute: Math.round(counted / minutes), changes: audits.map((a) => ({ at: a.at.getTime() })), screens };
}

/** For each change and screen: the first event (or refetched board) after the change's transaction began, before the next change. */
function latencies(phase: Phase, pick: (s: Screen) => number[]): { values: number[]; missed: number } {
  const values: number[] = [];
  let missed = 0;
  phase.changes.forEach((change, k) => {
    const until = phase.changes[k + 1]?.at ?? Number.POSITIVE_INFINITY;
    for (const screen of phase.screens) {
      const seen = pick(screen).find((t) => t >= change.at && t < until);
      if (seen === undefined) missed++;
      else values.push(seen - change.at);
    }
  });
  return { values, missed };
}

export async function benchFlowBoardPush(): Promise<Record<string, string | number>> {
  ensureBuild();
  process.env.FAULTS_DB_PORT ??= String(await freePort());
  process.env.FAULTS_APP_PORT ??= String(await freePort());
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT));
  const stack = await startStack("bench-push", 2, {
    postgresFlags: ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track_utility=on"],
  });
  try {
    await stack.db.$executeRawUnsafe("create extension if not exists pg_stat_statements");
    const { pcnId } = await stack.db.staffUser.findUniqueOrThrow({ where: { email: EMAILS.reception }, select: { pcnId: true } });
    const appointment = await stack.db.appointment.findFirst({
      where: {
        status: "BOOKED",
        kind: "WRAP_AROUND",
        clinicDay: { date: new Date(`${londonToday()}T00:00:00Z`), status: "SCHEDULED", clinic: { pcnId } },
      },
      select: { id: true, clinicDayId: true },
    });
    if (!appointment) throw new Error("No one is booked on today's demo clinic day");
    const cookies: string[] = [];
    for (let i = 0; i < SCREENS; i += 5)
      cookies.push(...(await Promise.all(Array.from({ length: Math.min(5, SCREENS - i) }, () => signIn(stack.baseUrl, EMAILS.lead)))));
    const desk = await signIn(stack.baseUrl, EMAILS.reception);
    const input = { dayId: appointment.clinicDayId, appointmentId: appointment.id, cookies, desk, arrived: false };

    const alone = await runPhase(stack, "none", input);
    const push = await runPhase(stack, "push", input);
    const poll = await runPhase(stack, "poll", input);
    // A calmer day: a change every 10 seconds.
    const calm = await runPhase(stack, "push", input, 10_000);

    const event = latencies(push, (s) => s.events);
    const board = latencies(push, (s) => s.refreshed);
    const ms = (n: number) => Math.round(n);
    return {
      screens: SCREENS,
      changes: push.changes.length,
      "commit→event p50 ms": ms(percentile(event.values, 50)),
      "commit→event p95 ms": ms(percentile(event.values, 95)),
      "commit→event max ms": ms(Math.max(...event.values)),
      "commit→board p95 ms": ms(percentile(board.values, 95)),
      "events missed": event.missed,
      target: "≤ 1,000 ms",
      met: event.missed === 0 && Math.max(...event.values) <= 1000 ? "yes" : "NO",
      "stmts/min changes alone": alone.statementsPerMinute,
      "stmts/min push": push.statementsPerMinute,
      "stmts/min polling": poll.statementsPerMinute,
      "stmts/min push, change every 10 s": calm.statementsPerMinute,
      "screens' share push": push.statementsPerMinute - alone.statementsPerMinute,
      "screens' share polling": poll.statementsPerMinute - alone.statementsPerMinute,
    };
  } finally {
    await stack.stop();
  }
}
