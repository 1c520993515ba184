/**
 * What the database benches share: a migrated PostgreSQL of their own on a
 * throwaway embedded server (temporary folder, free port), removed afterwards.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

/** A port free on loopback now, for a throwaway server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `run` `runs` times after one warm-up; median and 95th percentile in milliseconds. */
export async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<{ runs: number; medianMs: number; p95Ms: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return { runs, medianMs: Number(percentile(times, 50).toFixed(1)), p95Ms: Number(percentile(times, 95).toFixed(1)) };
}

export async function withThrowawayDatabase<T>(
  body: (db: Db, url: string) => Promise<T>,
  options: { poolSize?: number; onLog?: (message: unknown) => void } = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "clinic-day-bench-"));
  // Run as root, the server runs as its own user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), port: await freePort(), onLog: options.onLog }).catch(
    (error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    },
  );
  try {
    await ensureDatabase(server.adminUrl, "bench");
    const url = server.urlFor("bench");
    await applyMigrations(url, { log: () => undefined });
    const db = createDb(url, options.poolSize ?? 5);
    try {
      return await body(db, url);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
    // The server's password file sits beside its data folder, inside `dir`.
    rmSync(dir, { recursive: true, force: true });
  }
}
