/**
 * Starts the test identity provider before any spec runs (the e2e app is
 * configured to offer sign-in through it) and stops it afterwards. It runs as
 * a child process on the e2e server's clock, so the tokens it signs are valid
 * by the app's clock whatever the real time of day.
 */
import { spawn } from "node:child_process";
import { clinicClock } from "../../scripts/e2e-clock";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/oidc-provider-process.ts"], {
    env: { ...process.env, ...clinicClock(true) },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("The test identity provider did not start within 60 s")), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The test identity provider exited before it was ready (code ${code})`));
    });
  });
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
}
