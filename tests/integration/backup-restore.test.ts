import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { backupDatabase, RestoreRefused, restoreDatabase } from "@/lib/db/backup";
import { seedDemoData } from "@/prisma/seed";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";

/** A database with nothing in it at all (not cloned from the migrated template). */
async function emptyDatabase(): Promise<string> {
  const adminUrl = inject("adminUrl");
  const name = `clinic_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  afterAll(async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Every table's row count and a checksum of its rows' full contents, in a fixed order. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    );
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      // The ledger's ids are made afresh by Prisma on each database; compare the rest.
      const row = name === "_prisma_migrations" ? "(to_jsonb(t) - 'id')" : "to_jsonb(t)";
      const { rows } = await client.query<{ n: number; md5: string | null }>(
        `select count(*)::int as n, md5(coalesce(string_agg(${row}::text, E'\\n' order by ${row}::text), '')) as md5 from "${name}" t`,
      );
      result[name] = { rows: rows[0].n, md5: rows[0].md5 ?? "" };
    }
    return result;
  });
}

describe("db:backup and db:restore", () => {
  let source: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "clinic-backup-"));
  const file = join(dir, "clinic.backup.gz");

  beforeAll(async () => {
    source = await freshDatabase();
    expect(await seedDemoData(source.db)).toBe(true);
  });

  it("round-trips the demo clinic into an empty database: same rows, same contents, same schema rules", async () => {
    const summary = await backupDatabase(source.url, file);
    expect(summary.rows).toBeGreaterThan(500);

    const target = await emptyDatabase();
    const restored = await restoreDatabase(target, file);
    expect(restored.rows).toBe(summary.rows);

    const before = await fingerprint(source.url);
    const after = await fingerprint(target);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    expect(before.AuditEvent.rows).toBeGreaterThan(100);
    expect(before.Appointment.rows).toBeGreaterThan(50);

    await withClient(target, async (client) => {
      // The audit trail stays append-only after a restore.
      await expect(client.query('update "AuditEvent" set action = \'tampered\' where id = (select min(id) from "AuditEvent")')).rejects.toThrow(
        /append-only/i,
      );
      await expect(client.query('delete from "AuditEvent"')).rejects.toThrow(/append-only/i);
      await expect(client.query('truncate "AuditEvent"')).rejects.toThrow(/append-only/i);
      // Database rules come back too: one active booking per slot.
      const { rows } = await client.query<{ slot: string }>(
        'select "activeSlotId" as slot from "Appointment" where "activeSlotId" is not null limit 1',
      );
      await expect(
        client.query(
          'insert into "Appointment" select (jsonb_populate_record(a, jsonb_build_object(\'id\', gen_random_uuid()))).* from "Appointment" a where "activeSlotId" = $1',
          [rows[0].slot],
        ),
      ).rejects.toThrow(/unique|duplicate/i);
      // New audit events carry on after the restored ones (the id sequence came back).
      const { rows: max } = await client.query<{ max: string }>('select max(id)::text as max from "AuditEvent"');
      const { rows: next } = await client.query<{ id: string }>("select nextval(pg_get_serial_sequence('\"AuditEvent\"', 'id'))::text as id");
      expect(BigInt(next[0].id)).toBeGreaterThan(BigInt(max[0].max));
    });
  });

  it("refuses a database that already has tables unless forced, and then replaces it whole", async () => {
    const busy = await freshDatabase();
    await busy.db.$executeRawUnsafe(`insert into "Pcn" (id, name) values (gen_random_uuid(), 'Someone else''s PCN')`);
    const refused = await restoreDatabase(busy.url, file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RestoreRefused);
    expect((refused as Error).message).toMatch(/already has \d+ tables.*--force/);
    expect(await busy.db.pcn.count()).toBe(1);

    await restoreDatabase(busy.url, file, { force: true });
    expect(await fingerprint(busy.url)).toEqual(await fingerprint(source.url));
  });

  it("restores as an ordinary (not superuser) owner of the database, with every check on", async () => {
    const adminUrl = inject("adminUrl");
    const role = `clinic_owner_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    const name = `clinic_test_${randomBytes(6).toString("hex")}`;
    await withClient(adminUrl, async (admin) => {
      await admin.query(`create role ${role} login password '${password}'`);
      await admin.query(`create database ${name} owner ${role}`);
    });
    afterAll(async () => {
      await withClient(adminUrl, async (admin) => {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`drop role if exists ${role}`);
      });
    });
    const url = new URL(adminUrl);
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    await restoreDatabase(url.toString(), file);
    expect(await fingerprint(url.toString())).toEqual(await fingerprint(source.url));
  });

  it("changes nothing when the backup file is cut short", async () => {
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const cut = join(dir, "cut.backup.gz");
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length * 0.8)).join("\n")));
    const target = await emptyDatabase();
    await expect(restoreDatabase(target, cut)).rejects.toThrow(/incomplete/);
    const tables = await withClient(target, (client) => client.query("select count(*)::int as n from pg_tables where schemaname = 'public'"));
    expect(tables.rows[0].n).toBe(0);
  });
});
