/**
 * The clock of the e2e server: today's date at 10:00 London time, whenever the
 * suite runs, through Debian's libfaketime. Every process the app talks to
 * during the suite runs on it (the app, its PostgreSQL and the test identity
 * provider), so times they exchange (ID token expiry, cookies) agree.
 */
import { existsSync } from "node:fs";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";

const LIBFAKETIME = [
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
  "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
  "/usr/lib/faketime/libfaketimeMT.so.1",
].find((p) => existsSync(p));
const E2E_CLINIC_TIME = "10:00";

/** The environment that puts the server's clock at 10:00 London time today, or nothing when the real clock is asked for or libfaketime is missing. */
export function clinicClock(quiet = false): Record<string, string> {
  if (process.env.E2E_REAL_CLOCK === "1") return {};
  const now = new Date();
  const offsetSeconds = Math.round((londonWallTimeToInstant(londonToday(now), E2E_CLINIC_TIME).getTime() - now.getTime()) / 1000);
  if (!LIBFAKETIME) {
    if (!quiet)
      console.warn(
        `The e2e server runs on the real clock: libfaketime is not installed (Debian: apt-get install faketime). ` +
          `Tests that route today's afternoon expect it to be still to come, so run them before 13:00 London time, or install faketime.`,
      );
    return {};
  }
  if (!quiet)
    console.log(
      `The e2e server's clock runs at ${E2E_CLINIC_TIME} London time today (libfaketime, ${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds} s).`,
    );
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
