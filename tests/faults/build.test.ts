/**
 * A build you can deploy: `npm run build` needs no settings (no database, no secret), and a build that is killed
 * part-way (which still leaves `.next/BUILD_ID` behind) is never served: the next `npm start` builds again and then
 * serves a working app. Each test runs a real `next build`, so this file takes several minutes; it leaves a good,
 * current build behind for the other files.
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

describe("a build you can deploy", () => {
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
        await until(
          "npm start to decide",
          120_000,
          () => /Building the app|Clinic Day on http/.test(start.output()) || start.child.exitCode !== null,
        );
        expect(start.output()).toContain("Building the app (the last build did not finish)");
        await until(
          "npm start to serve",
          BUILD_MINUTES * 60_000,
          () => start.output().includes("Clinic Day on http") || start.child.exitCode !== null,
        );
        expect(start.child.exitCode, start.output().slice(-3000)).toBeNull();
        await waitForHealthy(`http://127.0.0.1:${port}`, 60_000);
        const login = await fetch(`http://127.0.0.1:${port}/login`);
        expect(login.status).toBe(200);
        expect(await login.text()).toContain("Sign in");
        expect(staleBuildReason()).toBeNull();
      } finally {
        start.child.kill("SIGTERM");
        const stopped = await Promise.race([start.exited.then(() => true), sleep(20_000).then(() => false)]);
        if (!stopped) process.kill(-start.child.pid!, "SIGKILL");
      }
    },
    2 * BUILD_MINUTES * 60_000,
  );
});
