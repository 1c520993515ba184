/**
 * PostgreSQL stops while the app is serving (a fast shutdown, as a failover or
 * an upgrade does): people are told plainly that the database is temporarily
 * unavailable, nothing is half-written, and the app carries on by itself once
 * the database is back, with no restart of the app.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOKING_ACTION, createLoadPatients, freeMorningSlots } from "./booking-load";
import { callAction, EMAILS, signIn, signInAttempt, startStack, waitForHealthy, type Stack } from "./harness";
import { brokenInvariants } from "./invariants";

const UNAVAILABLE = /temporarily unavailable/;

describe("PostgreSQL restarted under the app", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("restart", 1);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers 'temporarily unavailable' while it is down, writes nothing by halves, and recovers without a restart", async () => {
    const action = BOOKING_ACTION();
    const cookie = await signIn(stack.baseUrl, EMAILS.reception);
    const slots = await freeMorningSlots(stack, 12);
    const patients = await createLoadPatients(stack, 12, 2000);
    const book = (i: number, timeoutMs = 30_000) =>
      callAction(stack.baseUrl, `/clinic-days/${slots[i].clinicDayId}`, action, cookie, [{ slotId: slots[i].id, patientId: patients[i] }], timeoutMs);

    // Ten bookings in flight as the database shuts down: stop as soon as the first are saved, so others are mid-way.
    const inFlight = Array.from({ length: 10 }, (_, i) => book(i));
    const slotIds = slots.map((s) => s.id);
    const deadline = Date.now() + 20_000;
    while ((await stack.db.appointment.count({ where: { slotId: { in: slotIds } } })) < 2 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 5));
    }
    const stoppedAt = Date.now();
    await stack.stopDatabase();
    const flown = await Promise.all(inFlight);
    // When one is answered otherwise, the app's own log says what it met (an unrecognised error is logged with its reference).
    const appErrors = () => readFileSync(stack.log, "utf8").split("\n").slice(-80).join("\n");
    for (const outcome of flown) {
      expect(outcome.result, outcome.body.slice(0, 300)).toBeDefined();
      if (!outcome.result?.ok) {
        const answer = `${outcome.body.slice(0, 600)}\n--- the app's log ---\n${appErrors()}`;
        expect(outcome.result, answer).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(UNAVAILABLE) });
      }
    }

    // While it is down: health says so, a page and an action say so in plain words.
    const health = await fetch(`${stack.baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "degraded", database: "unreachable" });

    const page = await fetch(`${stack.baseUrl}/reception`, { headers: { Cookie: cookie }, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    const html = await page.text();
    expect(html).toMatch(/The clinic database is temporarily unavailable/);
    expect(html).not.toMatch(/ECONNREFUSED|at async|node_modules/);

    // The home page and the sign-in page too, for someone whose session cookie the app cannot check just now.
    const home = await fetch(`${stack.baseUrl}/`, { headers: { Cookie: cookie }, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    expect(await home.text()).toMatch(/The clinic database is temporarily unavailable/);
    const login = await fetch(`${stack.baseUrl}/login`, { headers: { Cookie: cookie }, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    expect(await login.text()).toMatch(/The clinic database is temporarily unavailable/);
    // A route handler answers 503 with the same words.
    const exported = await fetch(`${stack.baseUrl}/api/audit/export`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: stack.baseUrl },
      signal: AbortSignal.timeout(15_000),
    });
    expect(exported.status).toBe(503);
    expect(await exported.json()).toMatchObject({ error: { code: "UNAVAILABLE", message: expect.stringMatching(UNAVAILABLE) } });

    const refused = await book(10);
    expect(refused.result).toMatchObject({ ok: false, code: "UNAVAILABLE", message: expect.stringMatching(UNAVAILABLE) });
    expect(refused.body).not.toMatch(/ECONNREFUSED|node_modules/);

    // Signing in says so too (the form turns this code into "the clinic database cannot be reached"), and starts no session.
    const attempt = await signInAttempt(stack.baseUrl, EMAILS.lead);
    expect(new URL(attempt.url).searchParams.get("error")).toBe("UNAVAILABLE");
    expect(attempt.cookie).not.toMatch(/session-token=/);

    // Back on the same port: the app's pool reconnects by itself.
    await stack.startDatabase();
    const restartedAt = Date.now();
    const recoveryMs = await waitForHealthy(stack.baseUrl, 30_000);
    console.log(`[faults] database down for ${restartedAt - stoppedAt} ms; app healthy ${recoveryMs} ms after PostgreSQL was back`);
    const after = await book(11);
    expect(after.result, after.body.slice(0, 300)).toMatchObject({ ok: true });

    // Nothing by halves: each in-flight booking is either whole (with its audit event) or absent,
    // and every one the app answered "booked" is there.
    const rows = await stack.db.appointment.findMany({ where: { slotId: { in: slots.map((s) => s.id) } }, select: { id: true, slotId: true } });
    const booked = flown.flatMap((o, i) => (o.result?.ok ? [slots[i].id] : []));
    for (const slotId of booked) expect(rows.map((r) => r.slotId)).toContain(slotId);
    expect(rows.map((r) => r.slotId)).not.toContain(slots[10].id);
    expect(await brokenInvariants(stack.db)).toEqual([]);
    console.log(
      `[faults] in flight at the stop: ${booked.length} booked, ${flown.length - booked.length} told unavailable; ${rows.length - 1} rows from them`,
    );
  });
});
