/**
 * A build you can deploy: `npm run build` needs no settings (no database, no secret), and a build that did not finish
 * (a killed `next build` still leaves `.next/BUILD_ID` behind) is never served: the next `npm start` builds again and
 * then serves a working app.
 *
 * Every run: the good build the tier starts from loses its completion marker, which is the state a killed build
 * leaves on disk, and `npm start` must rebuild (with the settings withheld from the build) and serve. One real build.
 *
 * `CLINIC_DAY_FAULTS_BUILD=full` adds the long version (two more real builds, several minutes on two cores):
 * `npm run build` with an empty environment, and a real `next build` killed once it has written `BUILD_ID`, which is
 * how we know the quick version starts from the right state.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_MARKER, staleBuildReason } from "@/scripts/build-state";
import { waitForHealthy } from "./harness";

const BUILD_MINUTES = 15;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const buildIdFile = resolve(".next", "BUILD_ID");
const readBuildId = () => (existsSync(buildIdFile) ? readFileSync(buildIdFile, "utf8").trim() : null);
/** Nothing but what finds the programs: no DATABASE_URL, no NEXTAUTH_SECRET, no NODE_ENV. */
const bareEnv = () => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" });

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function run(command: string, args: string[], env: Record<string, string>): Run {
  // Its own process group, so the whole tree (npm, tsx, next and its workers) can be killed at once.
  const child: ChildProcess = spawn(command, args, { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", (code: number | null) => done(code)));
  return { child, output: () => output, exited };
}

async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

const full = process.env.CLINIC_DAY_FAULTS_BUILD === "full";

/**
 * `npm start` (settings given, as a deployment gives them) on a build that did not finish: it must say so, build
 * again with the settings withheld, and serve the sign-in page from a build marked good.
 */
async function startRebuildsAndServes(): Promise<void> {
  const offset = 3;
  const port = Number(process.env.FAULTS_APP_PORT ?? 3200) + offset;
  const dataDir = resolve(".data", "faults", "build");
  rmSync(dataDir, { recursive: true, force: true });
  const start = run(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    ...bareEnv(),
    PORT: String(port),
    EMBEDDED_DB_PORT: String(Number(process.env.FAULTS_DB_PORT ?? 54360) + offset),
    CLINIC_DATA_DIR: dataDir,
    NO_DEMO_DATA: "1",
  });
  try {
    await until("npm start to decide", 120_000, () => /Building the app|Clinic Day on http/.test(start.output()) || start.child.exitCode !== null);
    expect(start.output()).toContain("Building the app (the last build did not finish)");
    await until("npm start to serve", BUILD_MINUTES * 60_000, () => start.output().includes("Clinic Day on http") || start.child.exitCode !== null);
    expect(start.child.exitCode, start.output().slice(-3000)).toBeNull();
    expect(start.output()).not.toContain("settings are missing");
    await waitForHealthy(`http://127.0.0.1:${port}`, 60_000);
    const login = await fetch(`http://127.0.0.1:${port}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Sign in");
    expect(staleBuildReason()).toBeNull();
    const marker = JSON.parse(readFileSync(BUILD_MARKER, "utf8")) as { buildId: string };
    expect(marker.buildId).toBe(readBuildId());
  } finally {
    start.child.kill("SIGTERM");
    const stopped = await Promise.race([start.exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) process.kill(-start.child.pid!, "SIGKILL");
  }
}

describe("a build that did not finish is never served", () => {
  it(
    "npm start rebuilds when BUILD_ID is there but the build was never marked good, then serves the app",
    async () => {
      // The tier's global set-up left a good build; take away what only a finished build writes.
      expect(staleBuildReason()).toBeNull();
      rmSync(BUILD_MARKER);
      expect(readBuildId()).not.toBeNull();
      expect(staleBuildReason()).toBe("the last build did not finish");
      await startRebuildsAndServes();
    },
    BUILD_MINUTES * 60_000,
  );
});

describe.runIf(full)("a build you can deploy (full: real builds, one killed part-way)", () => {
  it(
    "builds with no settings at all and marks the build good only when it has finished",
    async () => {
      const build = run("npm", ["run", "build"], bareEnv());
      const code = await build.exited;
      expect(code, build.output().slice(-3000)).toBe(0);
      expect(build.output()).not.toContain("settings are missing");
      const marker = JSON.parse(readFileSync(BUILD_MARKER, "utf8")) as { buildId: string };
      expect(marker.buildId).toBe(readBuildId());
      expect(staleBuildReason()).toBeNull();
    },
    BUILD_MINUTES * 60_000,
  );

  it(
    "rebuilds on the next npm start after a build was killed part-way, and then serves the app",
    async () => {
      const before = readBuildId();
      const build = run("npm", ["run", "build"], bareEnv());
      // next build writes BUILD_ID after compiling, before prerendering: kill it there, as a power cut or a
      // cancelled deployment would.
      await until("the new BUILD_ID", BUILD_MINUTES * 60_000, () => {
        const id = readBuildId();
        return id !== null && id !== before;
      });
      process.kill(-build.child.pid!, "SIGKILL");
      await build.exited;
      expect(readBuildId()).not.toBeNull();
      expect(existsSync(BUILD_MARKER)).toBe(false);
      expect(staleBuildReason()).toBe("the last build did not finish");
      await startRebuildsAndServes();
    },
    2 * BUILD_MINUTES * 60_000,
  );
});
