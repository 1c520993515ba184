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
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";

const LIBFAKETIME = ["/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/faketime/libfaketimeMT.so.1"].find((p) => existsSync(p));
const E2E_CLINIC_TIME = "10:00";

/** The environment that puts the server's clock at 10:00 London time today, or nothing when the real clock is asked for or libfaketime is missing. */
function clinicClock(): Record<string, string> {
  if (process.env.E2E_REAL_CLOCK === "1") return {};
  const now = new Date();
  const offsetSeconds = Math.round((londonWallTimeToInstant(londonToday(now), E2E_CLINIC_TIME).getTime() - now.getTime()) / 1000);
  if (!LIBFAKETIME) {
    console.warn(
      `The e2e server runs on the real clock: libfaketime is not installed (Debian: apt-get install faketime). ` +
        `Tests that route today's afternoon expect it to be still to come, so run them before 13:00 London time, or install faketime.`,
    );
    return {};
  }
  console.log(`The e2e server's clock runs at ${E2E_CLINIC_TIME} London time today (libfaketime, ${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds} s).`);
  return {
    LD_PRELOAD: [LIBFAKETIME, process.env.LD_PRELOAD].filter(Boolean).join(" "),
    FAKETIME: `${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds}`,
    // Timers and file times stay real: only the wall clock moves.
    FAKETIME_DONT_FAKE_MONOTONIC: "1",
    NO_FAKE_STAT: "1",
    // The suite's own HTTP clients keep cookies by the real clock: a session cookie
    // that expires 12 server-hours after sign-in must outlive a clock up to a day behind.
    SESSION_MAX_HOURS: "36",
  };
}

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
