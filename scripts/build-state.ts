/**
 * Building the app, and knowing whether the build in `.next` is good and current
 * (shared by `npm run build`, `npm start`, the fault tier and the bench).
 *
 * `next build` writes `.next/BUILD_ID` part-way through, so a build that failed or
 * was killed still leaves one behind. A build is only taken as good when the
 * marker this module writes after `next build` exits 0 names the same BUILD_ID.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const distDir = ".next";
const buildIdFile = join(distDir, "BUILD_ID");
/** Written only after a build has finished; absent (or naming another BUILD_ID) after a failed or interrupted one. */
export const BUILD_MARKER = join(distDir, "clinic-day-build-complete.json");
/** What the build is made from: a change to any of these makes the build stale. */
const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.js", "postcss.config.mjs", "package.json", "package-lock.json"];

/**
 * The settings the running app reads (lib/env). The build is given none of them: it must not need the database or
 * the secret, and none of them may end up inside the build.
 */
const RUNTIME_SETTING = /^(DATABASE_|NEXTAUTH_|OIDC_|NOTIFY_|REMINDER_|SESSION_)/;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * `npm test` builds with CLINIC_BUILD_FOR_TESTS=1: without Next's own type check, which its typecheck tier runs
 * after the build (next.config.js). Such a build is for the tests only: served outside them (`npm start` without
 * that setting) it is stale, so a build whose types were never checked, or failed their check, is never served.
 */
const forTests = () => process.env.CLINIC_BUILD_FOR_TESTS === "1";

/** Why the build cannot be served as it is, or null when it is good and current. */
export function staleBuildReason(root = "."): string | null {
  const buildId = resolve(root, buildIdFile);
  const marker = resolve(root, BUILD_MARKER);
  if (!existsSync(buildId)) return "no build yet";
  if (!existsSync(marker)) return "the last build did not finish";
  let recorded: { buildId?: unknown; typesChecked?: unknown };
  try {
    recorded = JSON.parse(readFileSync(marker, "utf8")) as { buildId?: unknown; typesChecked?: unknown };
  } catch {
    return "the last build did not finish";
  }
  if (recorded.buildId !== readFileSync(buildId, "utf8").trim()) return "the last build did not finish";
  if (recorded.typesChecked !== true && !forTests()) return "the last build was made for the tests, without its type check";
  const built = statSync(marker).mtimeMs;
  if (SOURCES.some((source) => newestMtime(resolve(root, source)) > built)) return "the sources changed since the last build";
  return null;
}

export function buildIsStale(root = "."): boolean {
  return staleBuildReason(root) !== null;
}

/**
 * Runs `next build` without the runtime settings, and marks the build good only once it has exited 0.
 * The marker goes first, so a build that fails or is killed from here on is never taken for a good one.
 */
export function runBuild(options: { root?: string; stdio?: "inherit" | "pipe" } = {}): { ok: boolean; output: string } {
  const root = options.root ?? ".";
  rmSync(resolve(root, BUILD_MARKER), { force: true });
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !RUNTIME_SETTING.test(name)));
  const build = spawnSync(process.execPath, [resolve(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: options.stdio === "pipe" ? "pipe" : "inherit",
    encoding: "utf8",
    // Next.js telemetry would try to reach the internet; locked-down networks cannot.
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const output = `${build.stdout ?? ""}${build.stderr ?? ""}`;
  if (build.status !== 0) return { ok: false, output };
  const buildId = readFileSync(resolve(root, buildIdFile), "utf8").trim();
  writeFileSync(resolve(root, BUILD_MARKER), `${JSON.stringify({ buildId, typesChecked: !forTests(), finishedAt: new Date().toISOString() })}\n`);
  return { ok: true, output };
}
