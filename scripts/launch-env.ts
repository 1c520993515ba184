/**
 * What `npm start`, `npm run dev` and the database scripts share: find the
 * database (DATABASE_URL, or the embedded server under .data/) and the session
 * secret (NEXTAUTH_SECRET, or one generated once and kept under .data/).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";

export const DATA_DIR = resolve(process.env.CLINIC_DATA_DIR ?? ".data");

/** Loads `.env` when there is one (settings already in the environment win). */
export function loadDotEnv(): void {
  if (existsSync(".env")) process.loadEnvFile(".env");
}

export type Database = { url: string; embedded: boolean; stop: () => Promise<void> };

export async function resolveDatabase(log: (message: string) => void): Promise<Database> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, embedded: false, stop: async () => undefined };
  const port = Number(process.env.EMBEDDED_DB_PORT ?? 54320);
  log(`Starting the embedded PostgreSQL (data in ${resolve(DATA_DIR, "postgres")}, port ${port})…`);
  const server = await startEmbeddedPostgres({ dataDir: resolve(DATA_DIR, "postgres"), port });
  await ensureDatabase(server.adminUrl, "clinic");
  return { url: server.urlFor("clinic"), embedded: true, stop: server.stop };
}

/** Fails with a clear message when the database cannot be reached. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>("show server_version_num");
    if (Number(rows[0].server_version_num) < 140000) {
      throw new Error("Clinic Day needs PostgreSQL 14 or newer.");
    }
  } catch (error) {
    const where = safeLocation(url);
    throw new Error(
      `Cannot reach the database at ${where}: ${(error as Error).message}. ` +
        "Check DATABASE_URL and that the server is running (or unset DATABASE_URL to use the embedded database).",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database without the password, for messages. */
export function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** The session secret: given, or generated once and kept beside the data. */
export function resolveSecret(productionDeployment: boolean): string {
  const given = process.env.NEXTAUTH_SECRET;
  if (given) return given;
  if (productionDeployment) {
    throw new Error(
      "NEXTAUTH_SECRET is required in production (NODE_ENV=production with DATABASE_URL set): " +
        "set it to a random string of at least 32 characters, for example the output of `openssl rand -base64 48`.",
    );
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const file = resolve(DATA_DIR, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
