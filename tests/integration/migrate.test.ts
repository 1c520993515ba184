/**
 * The migration commands against real PostgreSQL: the server named by
 * TEST_DATABASE_URL or DATABASE_URL (only used to create and drop throwaway
 * databases beside it; needs CREATEDB), else an embedded server in a temporary
 * folder. Each scenario gets its own fresh database.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import { basename, dirname, join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, createMigration } from "@/lib/db/migrate";

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Genre {
  FICTION
  HISTORY
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String
  books Book[]
}

model Book {
  id       String  @id @default(uuid(7)) @db.Uuid
  title    String
  genres   Genre[]
  authorId Int
  author   Author  @relation(fields: [authorId], references: [id])

  @@unique([authorId, title])
}
`;

// The same schema grown by one column, for a second, non-initial migration.
const SCHEMA_WITH_ISBN = SCHEMA.replace("  title    String\n", "  title    String\n  isbn     String?\n");

let tmp: string;
let adminUrl: string;
let stopServer: () => Promise<void> = async () => undefined;
const databases: string[] = [];

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<{ name: string; url: string }> {
  const name = `migrate_test_${randomBytes(5).toString("hex")}`;
  await query(adminUrl, `create database ${name}`);
  databases.push(name);
  return { name, url: urlFor(name) };
}

function freePort(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = net.createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

async function pickPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 55000 + Math.floor(Math.random() * 1000);
    if (await freePort(port)) return port;
  }
  throw new Error("No free port between 55000 and 56000.");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

beforeAll(async () => {
  tmp = await mkdtemp(join(os.tmpdir(), "clinic-migrate-test-"));
  // mkdtemp makes the folder 0700; the embedded server runs as the `postgres` user.
  await chmod(tmp, 0o755);
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    adminUrl = given;
  } else {
    const server = await startEmbeddedPostgres({ dataDir: join(tmp, "postgres"), port: await pickPort() });
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }
}, 120_000);

afterAll(async () => {
  if (adminUrl) {
    for (const name of databases) await query(adminUrl, `drop database if exists ${name} with (force)`);
  }
  await stopServer();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

describe("migrations on the WebAssembly schema engine", { timeout: 60_000 }, () => {
  let schemaPath: string;
  let migrationsDir: string;
  let database: { name: string; url: string };
  let first: string;

  beforeAll(async () => {
    const files = join(tmp, "project");
    schemaPath = join(files, "schema.prisma");
    migrationsDir = join(files, "migrations");
    await mkdir(files, { recursive: true });
    await writeFile(schemaPath, SCHEMA);
    database = await freshDatabase();
  });

  it("writes the first migration in Prisma's folder format", async () => {
    const { path } = await createMigration(database.url, "init", { schemaPath, migrationsDir });

    expect(path).not.toBeNull();
    first = basename(dirname(path!));
    expect(first).toMatch(/^\d{14}_init$/);
    expect(path).toBe(join(migrationsDir, first, "migration.sql"));
    const sql = await readFile(path!, "utf8");
    expect(sql).toContain('CREATE TABLE "Author"');
    expect(sql).toContain('CREATE TABLE "Book"');
    expect(sql).toContain('CREATE TYPE "Genre"');
    expect(await readFile(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  });

  it("applies it and records it as prisma migrate deploy does", async () => {
    const { applied } = await applyMigrations(database.url, { migrationsDir });
    expect(applied).toEqual([first]);

    const tables = await query<{ table_name: string }>(
      database.url,
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(["Author", "Book", "_prisma_migrations"]);

    const rows = await query<Record<string, unknown>>(database.url, "select * from _prisma_migrations");
    expect(rows).toHaveLength(1);
    const sql = await readFile(join(migrationsDir, first, "migration.sql"), "utf8");
    expect(rows[0]).toMatchObject({
      migration_name: first,
      checksum: sha256(sql),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/);

    // Prisma's own table layout, so the native CLI can take over this database.
    const columns = await query<{ column_name: string; data_type: string; length: number | null; nullable: string }>(
      database.url,
      `select column_name, data_type, character_maximum_length as length, is_nullable as nullable
         from information_schema.columns where table_name = '_prisma_migrations' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", length: 64, nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", length: null, nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", length: 255, nullable: "NO" },
      { column_name: "logs", data_type: "text", length: null, nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", length: null, nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", length: null, nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", length: null, nullable: "NO" },
    ]);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(database.url, { migrationsDir })).toEqual({ applied: [] });
    expect(await query(database.url, "select 1 from _prisma_migrations")).toHaveLength(1);
  });

  it("writes nothing when the schema matches the migrations, and leaves no shadow database", async () => {
    expect(await createMigration(database.url, "nothing", { schemaPath, migrationsDir })).toEqual({ path: null });
    expect((await readdir(migrationsDir)).sort()).toEqual([first, "migration_lock.toml"]);
    const shadows = await query(adminUrl, "select datname from pg_database where datname like $1", [`${database.name}_shadow_%`]);
    expect(shadows).toEqual([]);
  });

  it("writes only the difference once the schema changes", async () => {
    await writeFile(schemaPath, SCHEMA_WITH_ISBN);
    const { path } = await createMigration(database.url, "add_isbn", { schemaPath, migrationsDir });
    expect(path).not.toBeNull();
    const second = basename(dirname(path!));
    expect(second > first).toBe(true);
    const sql = await readFile(path!, "utf8");
    expect(sql).toMatch(/ALTER TABLE "Book" ADD COLUMN\s+"isbn" TEXT/);
    expect(sql).not.toContain("CREATE TABLE");

    expect(await applyMigrations(database.url, { migrationsDir })).toEqual({ applied: [second] });
    expect(await createMigration(database.url, "nothing", { schemaPath, migrationsDir })).toEqual({ path: null });
  });

  it("lets concurrent runs on a fresh database apply each migration exactly once", async () => {
    const fresh = await freshDatabase();
    const names = (await readdir(migrationsDir)).filter((entry) => /^\d{14}_/.test(entry)).sort();
    expect(names).toHaveLength(2);

    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(fresh.url, { migrationsDir })));

    expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
    const rows = await query<{ migration_name: string; count: string; finished: string }>(
      fresh.url,
      `select migration_name, count(*) as count, count(finished_at) as finished
         from _prisma_migrations group by migration_name order by migration_name`,
    );
    expect(rows).toEqual(names.map((name) => ({ migration_name: name, count: "1", finished: "1" })));
  });

  it("keeps concurrent runs waiting past the engine's own 10 s lock timeout", async () => {
    // Without our advisory lock the engine's own (pg_advisory_lock(72707369),
    // given up after 10 s) would fail the runs that wait behind a long migration.
    const dir = join(tmp, "slow");
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(join(dir, "20990101000000_slow"));
    await writeFile(join(dir, "20990101000000_slow", "migration.sql"), "SELECT pg_sleep(10.5);\n");
    const fresh = await freshDatabase();

    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(fresh.url, { migrationsDir: dir })));

    expect(results.flatMap((result) => result.applied)).toHaveLength(3);
    expect(results.filter((result) => result.applied.includes("20990101000000_slow"))).toHaveLength(1);
  });

  it("runs hand-written SQL whole: semicolons in strings and function bodies survive", async () => {
    const dir = join(tmp, "hand-written");
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(join(dir, "20990101000000_append_only"));
    await writeFile(
      join(dir, "20990101000000_append_only", "migration.sql"),
      `ALTER TABLE "Author" ADD COLUMN "motto" TEXT NOT NULL DEFAULT 'one; two';
CREATE FUNCTION author_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'authors are append-only; % refused', TG_OP;
END;
$$;
CREATE TRIGGER author_append_only BEFORE UPDATE OR DELETE ON "Author"
  FOR EACH ROW EXECUTE FUNCTION author_append_only();
`,
    );
    const fresh = await freshDatabase();
    const { applied } = await applyMigrations(fresh.url, { migrationsDir: dir });
    expect(applied.at(-1)).toBe("20990101000000_append_only");

    await query(fresh.url, `insert into "Author" (name) values ('Ann')`);
    expect(await query(fresh.url, `select motto from "Author"`)).toEqual([{ motto: "one; two" }]);
    await expect(query(fresh.url, `delete from "Author"`)).rejects.toThrow(/append-only; DELETE refused/);
  });

  it("names the migration whose SQL fails, and rolls all of it back", async () => {
    const dir = join(tmp, "broken");
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(join(dir, "20990101000000_broken"));
    await writeFile(
      join(dir, "20990101000000_broken", "migration.sql"),
      'CREATE TABLE "Half" (id int primary key);\nCREATE TABLE "Nope" (id int primary key;\n',
    );
    const fresh = await freshDatabase();

    await expect(applyMigrations(fresh.url, { migrationsDir: dir })).rejects.toThrow(/Migration 20990101000000_broken failed: .*syntax error/s);
    // The earlier migrations stay applied; the broken one left nothing behind.
    const tables = await query<{ table_name: string }>(
      fresh.url,
      "select table_name from information_schema.tables where table_schema = 'public' and table_name = 'Half'",
    );
    expect(tables).toEqual([]);
    const rows = await query<{ migration_name: string; finished: boolean }>(
      fresh.url,
      "select migration_name, finished_at is not null as finished from _prisma_migrations order by migration_name",
    );
    expect(rows.at(-1)).toEqual({ migration_name: "20990101000000_broken", finished: false });
    expect(rows.filter((row) => row.finished)).toHaveLength(2);

    // Like prisma migrate deploy, later runs refuse until the failure is resolved.
    await expect(applyMigrations(fresh.url, { migrationsDir: dir })).rejects.toThrow(/20990101000000_broken/);
  });

  it("rejects migration names that are not lower-case letters, digits and underscores", async () => {
    await expect(createMigration(database.url, "Add-ISBN", { schemaPath, migrationsDir })).rejects.toThrow(/Invalid migration name/);
  });
});
