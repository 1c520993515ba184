/**
 * Two production instances (`next start` A and B) on one PostgreSQL with one
 * secret, as behind a load balancer (docs/decisions/0013-several-instances-one-database.md):
 * the booking race across both gives one booking per slot; a session made on A
 * is good on B and, signed out on A, refused on B; A's flow-board stream hears a
 * change made on B within a second; and a reminder worker beside each instance
 * sends every due reminder exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOT_TAKEN_MESSAGE } from "@/lib/services/appointments/internal/bookable-slot";
import { startNotifyStub, type NotifyStub } from "@/tests/helpers/notify-stub";
import { BOOKING_ACTION, createLoadPatients, describeFigures, freeMorningSlots, runBookingLoad, signInDesks } from "./booking-load";
import { callAction, EMAILS, signIn, startStack, type Instance, type Stack } from "./harness";
import { brokenInvariants } from "./invariants";

const SLOTS = 10;
const ATTEMPTS_PER_SLOT = 10;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every due reminder becomes due as soon as it is queued: the race's bookings are within the fortnight. */
const REMINDER_SETTINGS = { REMINDER_HOURS_BEFORE: "336", REMINDER_WORKER_INTERVAL_SECONDS: "5" };

let stack: Stack;
let a: string;
let b: Instance;

beforeAll(async () => {
  stack = await startStack("two-instances", 4, { env: REMINDER_SETTINGS });
  a = stack.baseUrl;
  b = await stack.addInstance(5);
});
afterAll(async () => {
  await stack?.stop();
});

async function signOut(baseUrl: string, cookie: string): Promise<void> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { Cookie: cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: baseUrl },
    body: new URLSearchParams({ csrfToken, json: "true", callbackUrl: `${baseUrl}/login` }),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
}

async function todaysDay(): Promise<string> {
  const [slot] = await freeMorningSlots(stack, 1);
  return slot.clinicDayId;
}

/** Reads a server-sent event stream, noting when each "changed" arrives (wall clock, to compare with the database's). */
function listen(url: string, cookie: string) {
  const changes: number[] = [];
  const controller = new AbortController();
  const opened = (async () => {
    const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/event-stream" }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const read = async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: changed$/m.test(event)) changes.push(Date.now());
        }
      }
    };
    void read();
  })();
  return { changes, opened, close: () => controller.abort() };
}

describe("two instances on one database", () => {
  it("accept on B a session signed in on A, and refuse it on both once signed out on A", async () => {
    const dayId = await todaysDay();
    const cookie = await signIn(a, EMAILS.reception);
    const board = (base: string) => fetch(`${base}/api/clinic-days/${dayId}/board`, { headers: { Cookie: cookie } });
    expect((await board(a)).status).toBe(200);
    expect((await board(b.baseUrl)).status).toBe(200);
    await signOut(a, cookie);
    // The same cookie, still signed and unexpired, names a session that has ended.
    expect((await board(b.baseUrl)).status).toBe(401);
    expect((await board(a)).status).toBe(401);
    const stream = await fetch(`${b.baseUrl}/api/clinic-days/${dayId}/events`, { headers: { Cookie: cookie } });
    expect(stream.status).toBe(401);
  });

  it("give each slot to exactly one of the desks racing for it across both instances", async () => {
    const slots = await freeMorningSlots(stack, SLOTS);
    const patientIds = await createLoadPatients(stack, SLOTS * ATTEMPTS_PER_SLOT, 2000);
    const cookies = await signInDesks(stack, 10);
    const auditBefore = await stack.db.auditEvent.count({ where: { action: "appointment.book" } });

    const figures = await runBookingLoad(stack, { slots, patientIds, cookies, attemptsPerSlot: ATTEMPTS_PER_SLOT, baseUrls: [a, b.baseUrl] });
    console.log("[faults] booking race across two instances", describeFigures(figures));

    expect(figures.others.map((o) => `${o.status} ${o.body.slice(0, 300)}`)).toEqual([]);
    expect(figures.booked).toBe(SLOTS);
    expect(figures.conflicts).toBe(SLOTS * (ATTEMPTS_PER_SLOT - 1));
    for (const { outcome } of figures.outcomes.filter((o) => o.outcome.result?.ok === false))
      expect(outcome.result?.message).toBe(SLOT_TAKEN_MESSAGE);
    const rows = await stack.db.appointment.findMany({
      where: { slotId: { in: slots.map((s) => s.id) } },
      select: { id: true, slotId: true, patientId: true, activeSlotId: true },
    });
    expect(rows).toHaveLength(SLOTS);
    expect(new Set(rows.map((r) => r.slotId)).size).toBe(SLOTS);
    const winners = figures.outcomes.filter((o) => o.outcome.result?.ok === true);
    expect(rows.map((r) => `${r.slotId} ${r.patientId}`).sort()).toEqual(winners.map((w) => `${w.slotId} ${w.patientId}`).sort());
    // The race really was across the instances: every slot booked through one instance was refused to a desk on the
    // other (attempts at a slot alternate between them round by round, as runBookingLoad sends them). Which instance
    // wins is up to timing: a warm instance on a quiet machine may win them all.
    const instanceOf = (i: number) => Math.floor(i / SLOTS) % 2;
    const attempts = figures.outcomes.map((o, i) => ({ ...o, instance: instanceOf(i) }));
    for (const winner of attempts.filter((o) => o.outcome.result?.ok === true)) {
      const refusedOnTheOther = attempts.filter(
        (o) => o.slotId === winner.slotId && o.instance !== winner.instance && o.outcome.result?.ok === false,
      );
      expect(refusedOnTheOther.length, `slot ${winner.slotId}`).toBeGreaterThan(0);
    }
    expect(await stack.db.auditEvent.count({ where: { action: "appointment.book" } })).toBe(auditBefore + SLOTS);
    const audited = await stack.db.auditEvent.findMany({
      where: { action: "appointment.book", entityId: { in: rows.map((r) => r.id) } },
      select: { entityId: true },
    });
    expect(audited.map((e) => e.entityId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await brokenInvariants(stack.db)).toEqual([]);
  });

  it("push a change made on B to A's flow-board stream within a second", async () => {
    const slots = await freeMorningSlots(stack, 3);
    const dayId = slots[0].clinicDayId;
    const patientIds = await createLoadPatients(stack, slots.length, 3000);
    const onA = await signIn(a, EMAILS.lead);
    const onB = await signIn(b.baseUrl, EMAILS.reception);
    const stream = listen(`${a}/api/clinic-days/${dayId}/events`, onA);
    await stream.opened;
    await sleep(500);
    const latencies: number[] = [];
    try {
      for (let i = 0; i < slots.length; i++) {
        if (slots[i].clinicDayId !== dayId) continue;
        const heard = stream.changes.length;
        const outcome = await callAction(b.baseUrl, `/clinic-days/${dayId}`, BOOKING_ACTION(), onB, [
          { slotId: slots[i].id, patientId: patientIds[i] },
        ]);
        expect(outcome.result?.ok).toBe(true);
        const appointment = await stack.db.appointment.findFirstOrThrow({
          where: { slotId: slots[i].id, activeSlotId: { not: null } },
          select: { bookedAt: true },
        });
        for (let waited = 0; stream.changes.length === heard && waited < 3000; waited += 10) await sleep(10);
        expect(stream.changes.length).toBeGreaterThan(heard);
        // bookedAt is the transaction's start, before its commit: the figure is an upper bound on commit → event.
        latencies.push(stream.changes[heard] - appointment.bookedAt.getTime());
        // Past the one-telling-per-750-ms coalescing, so each booking is heard on its own.
        await sleep(1000);
      }
    } finally {
      stream.close();
    }
    console.log("[faults] B's booking heard on A's stream, ms after its transaction began:", latencies);
    expect(latencies.length).toBeGreaterThan(0);
    for (const ms of latencies) expect(ms).toBeLessThan(1000);
  });

  it("send each due reminder exactly once with a worker beside each instance", async () => {
    const stub: NotifyStub = await startNotifyStub();
    // A slow Notify keeps both workers' rounds overlapping.
    stub.setDelay(30);
    const due = await stack.db.reminderOutbox.findMany({ where: { status: "QUEUED", nextAttemptAt: { lte: new Date() } }, select: { id: true } });
    expect(due.length).toBeGreaterThan(0);
    const sentBefore = await stack.db.reminderOutbox.count({ where: { status: "SENT" } });
    const workers: ChildProcess[] = [];
    const logsWritten: Array<Promise<void>> = [];
    const tsx = resolve("node_modules", ".bin", "tsx");
    try {
      for (const name of ["a", "b"]) {
        const out = createWriteStream(join(".data", "faults", "two-instances", `reminders-${name}.log`));
        const worker = spawn(tsx, ["scripts/reminders-worker.ts"], {
          env: {
            ...process.env,
            ...REMINDER_SETTINGS,
            DATABASE_URL: stack.dbUrl,
            NOTIFY_API_KEY: stub.apiKey,
            NOTIFY_BASE_URL: stub.url,
            NOTIFY_SMS_TEMPLATE_ID: "6f1c2a1e-8a0b-4a57-9d55-2c1f6b7e9a01",
            NOTIFY_EMAIL_TEMPLATE_ID: "6f1c2a1e-8a0b-4a57-9d55-2c1f6b7e9a02",
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        logsWritten.push(new Promise((done) => out.once("close", () => done())));
        worker.stdout?.pipe(out);
        worker.stderr?.pipe(out, { end: false });
        workers.push(worker);
      }
      // Until nothing due is left queued or being sent.
      for (let waited = 0; waited < 90_000; waited += 250) {
        const left = await stack.db.reminderOutbox.count({
          where: { OR: [{ status: "SENDING" }, { status: "QUEUED", nextAttemptAt: { lte: new Date() } }] },
        });
        if (left === 0 && stub.requests.length > 0) break;
        await sleep(250);
      }
    } finally {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((done) => {
              if (w.exitCode !== null) return done();
              w.once("exit", () => done());
              w.kill("SIGTERM");
            }),
        ),
      );
      await stub.close();
    }
    await Promise.all(logsWritten);
    const references = stub.requests.map((r) => r.body.reference);
    expect(new Set(references).size).toBe(references.length);
    const sent = await stack.db.reminderOutbox.findMany({ where: { status: "SENT" }, select: { id: true } });
    expect(sent.length - sentBefore).toBe(references.length);
    expect(references.every((id) => sent.some((s) => s.id === id))).toBe(true);
    // Every reminder that was due went out once, or was cancelled with its reason.
    const dueNow = await stack.db.reminderOutbox.findMany({ where: { id: { in: due.map((d) => d.id) } }, select: { id: true, status: true } });
    expect(dueNow.filter((r) => r.status !== "SENT" && r.status !== "CANCELLED")).toEqual([]);
    expect(await stack.db.reminderOutbox.count({ where: { status: "SENDING" } })).toBe(0);
    // Each sent reminder has its one audit event.
    const audits = await stack.db.auditEvent.findMany({ where: { action: "reminder.send" }, select: { details: true } });
    const audited = audits.map((e) => (e.details as { outboxId?: string } | null)?.outboxId).filter((id) => id && references.includes(id));
    expect(audited.sort()).toEqual([...references].sort());
    const logs = ["a", "b"].map((name) => readFileSync(join(".data", "faults", "two-instances", `reminders-${name}.log`), "utf8"));
    const sentBy = logs.map((log) => [...log.matchAll(/reminders: (\d+) sent/g)].reduce((n, m) => n + Number(m[1]), 0));
    expect(sentBy[0] + sentBy[1]).toBe(references.length);
    console.log(
      `[faults] reminders: ${references.length} sent once each (worker A ${sentBy[0]}, worker B ${sentBy[1]}; ${due.length} were due at the start)`,
    );
  });
});
