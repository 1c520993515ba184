/**
 * The server the Playwright suite drives: the built app on its own embedded
 * database, started empty each run (demo data loaded by the normal start-up).
 *
 * The clinic's afternoon routing never books a slot that has already started,
 * so a suite run at 6 pm would find today's afternoon over. The server (the app
 * and its PostgreSQL alike) therefore runs on today's date at 10:00 London
 * time, whenever the suite runs: Debian's libfaketime shifts the clock of both
 * processes by the same offset (E2E_REAL_CLOCK=1 runs on the real clock).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { clinicClock } from "./e2e-clock";

const dataDir = resolve(".data/e2e");

async function stopLeftoverPostgres(): Promise<void> {
  const pidFile = resolve(dataDir, "postgres", "postmaster.pid");
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
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      return;
    }
  }
}

await stopLeftoverPostgres();
rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    CLINIC_DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: process.env.E2E_DB_PORT ?? "54340",
    DATABASE_URL: "",
    NEXTAUTH_SECRET: "",
    ...clinicClock(),
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
