/**
 * The fault tier drives the production build: build once when `.next` is
 * missing or older than the sources (the same rule as `npm start`), so a run
 * after the e2e tier reuses its build. Then the demo clinic's database, once,
 * for every file to copy.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { buildIsStale } from "@/scripts/build-state";
import { prepareTemplate } from "./harness";

export function ensureBuild(): void {
  if (!buildIsStale()) return;
  console.log("[faults] Building the app (missing or stale build)…");
  const build = spawnSync(process.execPath, [resolve("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    // Prerendering reads the settings (never the database): any well-formed values do; each server gets its own.
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: process.env.DATABASE_URL || "postgresql://build@127.0.0.1:9/build",
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "build-time-placeholder-secret-0123456789abcdef",
    },
  });
  if (build.status !== 0) throw new Error("next build failed; see the messages above.");
}

export default async function setup() {
  ensureBuild();
  // The template's server uses the port the files add 0, 1, 2 to, before any of them starts.
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT ?? 54360));
}
