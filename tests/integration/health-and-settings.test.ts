import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isDatabaseUnavailable } from "@/lib/errors/database";
import { envSchema } from "@/lib/env";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";

let t: TestDatabase;
const saved = { ...process.env };

beforeEach(async () => {
  t ??= await freshDatabase();
  vi.resetModules();
  delete (globalThis as { clinicDayDb?: unknown }).clinicDayDb;
  process.env.NEXTAUTH_SECRET = "a".repeat(40);
});

afterEach(async () => {
  const leftover = (globalThis as { clinicDayDb?: { $disconnect: () => Promise<void> } }).clinicDayDb;
  await leftover?.$disconnect();
  delete (globalThis as { clinicDayDb?: unknown }).clinicDayDb;
  const health = globalThis as { clinicDayHealthPool?: { pool: { end: () => Promise<void> } } };
  await health.clinicDayHealthPool?.pool.end();
  delete health.clinicDayHealthPool;
  process.env = { ...saved };
});

async function health() {
  const { GET } = await import("@/app/api/health/route");
  const response = await GET();
  return { status: response.status, body: await response.json() };
}

describe("GET /api/health", () => {
  it("answers ok when the database answers", async () => {
    process.env.DATABASE_URL = t.url;
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok" } });
  });

  it("answers ok while every pooled connection is busy (a booking burst is not an outage)", async () => {
    process.env.DATABASE_URL = t.url;
    process.env.DATABASE_POOL_SIZE = "1";
    const { db } = await import("@/lib/db/client");
    const busy = db().$transaction(async (tx) => void (await tx.$queryRawUnsafe("select pg_sleep(4)::text as slept")), { timeout: 10_000 });
    await new Promise((done) => setTimeout(done, 300));
    const started = Date.now();
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok" } });
    expect(Date.now() - started).toBeLessThan(2000);
    await busy;
  });

  it("answers 503 with database unreachable when it does not", async () => {
    // Nothing listens on port 1.
    process.env.DATABASE_URL = "postgresql://clinic:x@127.0.0.1:1/clinic";
    expect(await health()).toEqual({ status: 503, body: { status: "degraded", database: "unreachable" } });
  });
});

describe("settings", () => {
  it("names each missing or invalid setting", () => {
    const parsed = envSchema.safeParse({ NEXTAUTH_SECRET: "short" });
    expect(parsed.success).toBe(false);
    const names = parsed.error!.issues.map((i) => i.path.join("."));
    expect(names).toEqual(expect.arrayContaining(["DATABASE_URL", "NEXTAUTH_SECRET"]));
  });

  it("applies the documented defaults", () => {
    const parsed = envSchema.parse({ DATABASE_URL: "postgresql://a@b/c", NEXTAUTH_SECRET: "x".repeat(32) });
    expect(parsed).toMatchObject({ SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 12 });
  });

  it("recognises an unreachable database among driver errors", async () => {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: "postgresql://clinic:x@127.0.0.1:1/clinic" });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new Error("unique constraint"))).toBe(false);
    // A statement written to a connection the server closed as it shut down: the driver's socket error, as Prisma
    // passes it on (its adapter maps only ECONNRESET, ECONNREFUSED, ENOTFOUND and ETIMEDOUT).
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE", errno: -32, syscall: "write" });
    expect(isDatabaseUnavailable(new Error("Invalid `prisma.appointment.create()` invocation", { cause: epipe }))).toBe(true);
  });
});
