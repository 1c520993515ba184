/**
 * Integration tests run against real PostgreSQL: the embedded server (under
 * .data/test-postgres) or, when TEST_DATABASE_URL is set, that server. A
 * template database is migrated once per run; each test file clones it.
 */
import { resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

const TEMPLATE = "clinic_test_template";

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => undefined as void;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: resolve(".data/test-postgres"),
      port: Number(process.env.TEST_EMBEDDED_DB_PORT ?? 54330),
    });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Leftovers of an interrupted earlier run.
  const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'clinic_test_%'");
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();

  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await applyMigrations(templateUrl.toString());

  project.provide("adminUrl", adminUrl);
  project.provide("templateDatabase", TEMPLATE);
  return async () => {
    await stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}
