/**
 * One desk booking one patient at a time, over HTTP against the production build
 * (the reception booking server action), beside the raw-`pg` floor measured in
 * the same run on the same PostgreSQL: one single-row insert transaction at a
 * time. On loopback the request's time is the server's time.
 */
import pg from "pg";
import { BOOKING_ACTION, createLoadPatients, freeMorningSlots } from "@/tests/faults/booking-load";
import { callAction, EMAILS, percentile, signIn, type Stack } from "@/tests/faults/harness";

export type OneDeskFigures = {
  bookings: number;
  p50Ms: number;
  p95Ms: number;
  /** The same action refused after the session and permission checks (bad input): the framework's and sign-in's share. */
  refusedP50Ms: number;
  /** The same action refused for want of a session, before any work or database: the framework's own share. */
  noSessionP50Ms: number;
  responseBytes: number;
  floorP50Ms: number;
  floorP95Ms: number;
};

/**
 * `count` single-row insert transactions (BEGIN, INSERT, COMMIT), one at a time on one connection: the least a
 * booking could cost. The table is an ordinary (logged) one, so each COMMIT waits for the WAL flush as a booking's
 * does.
 */
export async function rawInsertFloor(url: string, count: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE TABLE bench_floor_one (id serial PRIMARY KEY, slot text UNIQUE NOT NULL, booked_at timestamptz NOT NULL)");
    const times: number[] = [];
    for (let i = 0; i < count + 5; i++) {
      const started = performance.now();
      await client.query("BEGIN");
      await client.query("INSERT INTO bench_floor_one (slot, booked_at) VALUES ($1, now())", [`slot-${i}`]);
      await client.query("COMMIT");
      if (i >= 5) times.push(performance.now() - started);
    }
    return times;
  } finally {
    await client.query("DROP TABLE IF EXISTS bench_floor_one").catch(() => undefined);
    await client.end();
  }
}

/**
 * The race's floor: `slots × attemptsPerSlot` single-row insert transactions at `slots` unique keys, all at once over
 * `connections` connections (as 20 desks' 200 attempts at 20 slots): one per key commits, the others fail on the
 * unique index. Returns each attempt's time from the start, as the race over HTTP measures them.
 */
export async function rawRaceFloor(url: string, slots: number, attemptsPerSlot: number, connections: number): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await pool.query("CREATE TABLE bench_floor_race (id serial PRIMARY KEY, slot text UNIQUE NOT NULL, booked_at timestamptz NOT NULL)");
    // Open every connection first, as the app's pool is already warm.
    const warm = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    warm.forEach((c) => c.release());
    const started = performance.now();
    return await Promise.all(
      Array.from({ length: slots * attemptsPerSlot }, async (_, i) => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("INSERT INTO bench_floor_race (slot, booked_at) VALUES ($1, now())", [`slot-${i % slots}`]);
          await client.query("COMMIT");
        } catch {
          await client.query("ROLLBACK");
        } finally {
          client.release();
        }
        return performance.now() - started;
      }),
    );
  } finally {
    await pool.query("DROP TABLE IF EXISTS bench_floor_race").catch(() => undefined);
    await pool.end();
  }
}

export async function benchOneDesk(stack: Stack, bookings: number, nhsOffset: number): Promise<OneDeskFigures> {
  const id = BOOKING_ACTION();
  const warmUp = 5;
  const slots = await freeMorningSlots(stack, bookings + warmUp);
  const patientIds = await createLoadPatients(stack, bookings + warmUp, nhsOffset);
  const cookie = await signIn(stack.baseUrl, EMAILS.reception);
  const times: number[] = [];
  const refused: number[] = [];
  const noSession: number[] = [];
  let responseBytes = 0;
  for (let i = 0; i < slots.length; i++) {
    const path = `/clinic-days/${slots[i].clinicDayId}`;
    const outcome = await callAction(stack.baseUrl, path, id, cookie, [{ slotId: slots[i].id, patientId: patientIds[i] }]);
    if (outcome.result?.ok !== true) throw new Error(`Booking ${i} failed: ${outcome.status} ${outcome.body.slice(0, 300)}`);
    const bad = await callAction(stack.baseUrl, path, id, cookie, [{ slotId: "not-a-slot", patientId: patientIds[i] }]);
    if (bad.result?.code !== "VALIDATION") throw new Error(`Expected a validation error: ${bad.body.slice(0, 300)}`);
    const signedOut = await callAction(stack.baseUrl, path, id, "", [{ slotId: slots[i].id, patientId: patientIds[i] }]);
    if (signedOut.result?.code !== "UNAUTHENTICATED") throw new Error(`Expected a refusal for want of a session: ${signedOut.body.slice(0, 300)}`);
    if (i < warmUp) continue;
    times.push(outcome.ms);
    refused.push(bad.ms);
    noSession.push(signedOut.ms);
    responseBytes = Math.max(responseBytes, outcome.body.length);
  }
  const floor = await rawInsertFloor(stack.dbUrl, bookings);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    bookings,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    refusedP50Ms: round(percentile(refused, 50)),
    noSessionP50Ms: round(percentile(noSession, 50)),
    responseBytes,
    floorP50Ms: round(percentile(floor, 50)),
    floorP95Ms: round(percentile(floor, 95)),
  };
}
