/**
 * The huddle migration run on a database holding staff from before it: their
 * accounts are kept as they were, with no partner service, and afterwards a
 * mental health partner must name the service they represent (and only they may).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";

const MIGRATION = "20261202053031_huddles";
const MIGRATIONS = resolve("prisma/migrations");

let adminUrl: string;
let url: string;
let name: string;
let tmp: string;

async function query<T extends pg.QueryResultRow>(connection: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  adminUrl = inject("adminUrl");
  name = `clinic_test_migration_${randomBytes(5).toString("hex")}`;
  await query(adminUrl, `create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  tmp = await mkdtemp(join(os.tmpdir(), "huddles-migration-"));
});

afterAll(async () => {
  if (name) await query(adminUrl, `drop database if exists ${name} with (force)`);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const staff = (id: string, pcnId: string, email: string, roles: string, service: string | null = null) =>
  query(
    url,
    `insert into "StaffUser" (id, name, email, roles, "pcnId", "partnerService", "updatedAt") values ($1, 'Someone', $2, $3::"Role"[], $4, $5::"MentalHealthService", now())`,
    [id, email, roles, pcnId, service],
  );

describe("migrating to the referral huddle", () => {
  it("keeps existing staff without a partner service, then requires one exactly for a mental health partner", async () => {
    const before = join(tmp, "before");
    await cp(MIGRATIONS, before, { recursive: true });
    const folders = (await readdir(MIGRATIONS)).filter((f) => /^\d{14}_/.test(f));
    expect(folders).toContain(MIGRATION);
    for (const folder of folders) if (folder >= MIGRATION) await rm(join(before, folder), { recursive: true });
    await applyMigrations(url, { migrationsDir: before, log: () => undefined });

    const pcnId = randomUUID();
    await query(url, `insert into "Pcn" (id, name) values ($1, 'Migration PCN')`, [pcnId]);
    const existing = [randomUUID(), randomUUID()];
    await query(
      url,
      `insert into "StaffUser" (id, name, email, roles, "pcnId", "updatedAt") values ($1, 'GP', 'gp@m.example', '{GP}', $3, now()), ($2, 'Lead', 'lead@m.example', '{CLINIC_LEAD,THERAPIST}', $3, now())`,
      [...existing, pcnId],
    );

    const { applied } = await applyMigrations(url, { migrationsDir: MIGRATIONS, log: () => undefined });
    expect(applied).toContain(MIGRATION);
    const after = await query<{ id: string; partnerService: string | null }>(url, `select id, "partnerService" from "StaffUser" order by email`);
    expect(after).toEqual([
      { id: existing[0], partnerService: null },
      { id: existing[1], partnerService: null },
    ]);

    await staff(randomUUID(), pcnId, "cmht@m.example", "{MENTAL_HEALTH_PARTNER}", "CMHT");
    await expect(staff(randomUUID(), pcnId, "nobody@m.example", "{MENTAL_HEALTH_PARTNER}")).rejects.toThrow(/StaffUser_partner_names_service/);
    await expect(staff(randomUUID(), pcnId, "gp2@m.example", "{GP}", "CMHT")).rejects.toThrow(/StaffUser_partner_names_service/);
    await expect(staff(randomUUID(), pcnId, "other@m.example", "{MENTAL_HEALTH_PARTNER}", "OTHER")).rejects.toThrow(
      /StaffUser_partner_names_service/,
    );
  });
});
