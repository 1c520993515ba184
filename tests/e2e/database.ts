/**
 * Read-only access to the database the e2e server runs on, to prove that
 * refused and malformed calls change nothing. scripts/e2e-server.ts starts the
 * embedded PostgreSQL in .data/e2e on E2E_DB_PORT, database "clinic", user
 * "clinic", with the password lib/db/embedded.ts keeps beside the data folder.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";

export function e2eDatabaseUrl(): string {
  const password = readFileSync(resolve(".data/e2e/postgres.password"), "utf8").trim();
  const port = process.env.E2E_DB_PORT ?? "54340";
  return `postgresql://clinic:${encodeURIComponent(password)}@127.0.0.1:${port}/clinic`;
}

/**
 * Tables whose rows change on any signed-in request and say nothing about
 * records: sessions (last seen), the sign-in counters and the audit trail
 * (append-only; refusals are recorded there, checked apart by auditSince).
 */
const EXCLUDED = new Set(["AuthSession", "SignInThrottle", "AuditEvent", "_prisma_migrations"]);

export type Snapshot = { tables: Record<string, string>; lastAuditId: string };

export async function withDatabase<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** A digest of every row of every table (but EXCLUDED), per table. */
export async function snapshot(): Promise<Snapshot> {
  return withDatabase(async (client) => {
    const { rows: tables } = await client.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' order by tablename",
    );
    const digests: Record<string, string> = {};
    for (const { tablename } of tables) {
      if (EXCLUDED.has(tablename)) continue;
      const quoted = `"${tablename.replaceAll('"', '""')}"`;
      const { rows } = await client.query<{ n: number; digest: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${quoted} t`,
      );
      digests[tablename] = `${rows[0].n}:${rows[0].digest}`;
    }
    const { rows: audit } = await client.query<{ id: string }>('select coalesce(max(id), 0)::text as id from "AuditEvent"');
    return { tables: digests, lastAuditId: audit[0].id };
  });
}

/** Tables whose contents differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...names].filter((name) => before.tables[name] !== after.tables[name]).sort();
}

/** Audit events written since a snapshot: action and outcome. */
export async function auditSince(before: Snapshot): Promise<Array<{ action: string; outcome: string }>> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ action: string; outcome: string }>(
      'select action, outcome::text as outcome from "AuditEvent" where id > $1::bigint order by id',
      [before.lastAuditId],
    );
    return rows;
  });
}

/** Audit events that record a change (successful, and not a read such as a view, search, list, export or print). */
export function changesRecorded(events: Array<{ action: string; outcome: string }>): string[] {
  return events.filter((e) => e.outcome === "SUCCESS" && !/(^|[.-])(view|search|list|export|print)([.-]|$)/.test(e.action)).map((e) => e.action);
}
