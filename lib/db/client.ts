/**
 * The one Prisma client. Prisma 7 runs without a native engine here: queries go
 * through node-postgres via @prisma/adapter-pg.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";
import { createPool } from "./pool";

export type Db = PrismaClient;
/** A client or an interactive transaction's client. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(databaseUrl: string, poolSize = 10): PrismaClient {
  // Our own pool (pool.ts): pg-pool's would open a new connection after every refused statement.
  const pool = createPool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Prisma ends a pool it was handed only when told to; $disconnect must still close every connection.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({
    adapter,
    omit: { staffUser: { passwordHash: true } },
    // Prisma's 5 s default aborts honest use cases on a busy machine (a shared
    // clinic PC, a CI runner); 20 s still ends a transaction that has hung.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
}

const globalForDb = globalThis as unknown as { clinicDayDb?: PrismaClient };

/** The app's shared client (kept across hot reloads in development). */
export function db(): PrismaClient {
  if (!globalForDb.clinicDayDb) {
    const settings = env();
    globalForDb.clinicDayDb = createDb(settings.DATABASE_URL, settings.DATABASE_POOL_SIZE);
  }
  return globalForDb.clinicDayDb;
}

const globalForHealth = globalThis as unknown as { clinicDayHealthPool?: { url: string; pool: pg.Pool } };

/**
 * Whether PostgreSQL answers, on a connection of its own: a burst of bookings
 * holding every pooled connection must not make the health check (and so a load
 * balancer) report the database as gone. A dropped connection is replaced on
 * the next check, so it recovers by itself once the database is back.
 */
export async function databaseAnswers(timeoutMs: number): Promise<boolean> {
  const url = env().DATABASE_URL;
  let held = globalForHealth.clinicDayHealthPool;
  if (held?.url !== url) {
    void held?.pool.end().catch(() => undefined);
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: timeoutMs, idleTimeoutMillis: 60_000 });
    // An idle connection the server ends is reported here; the next check connects afresh.
    pool.on("error", () => undefined);
    held = globalForHealth.clinicDayHealthPool = { url, pool };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      held.pool.query("select 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
