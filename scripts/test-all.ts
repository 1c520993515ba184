/**
 * `npm test`: every tier in order (build, typecheck, lint, unit, integration against
 * real PostgreSQL, faults and load against the built app, Playwright in
 * Chromium). Stops at the first failing tier and exits non-zero; prints the
 * counts of each tier and a closing total.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

type Tier = {
  name: string;
  command: string[];
  results?: string;
  kind?: "vitest" | "playwright";
  env?: Record<string, string>;
  /** Runs beside the next tier (both single-threaded checks on a 2-core machine); its output is printed when it ends. */
  alongsideNext?: boolean;
};

mkdirSync("test-results", { recursive: true });
process.env.CLINIC_BUILD_FOR_TESTS = "1";

const tiers: Tier[] = [
  // The production build first (when stale), for the faults and e2e tiers to serve. It skips its own type check
  // (next.config.js, CLINIC_BUILD_FOR_TESTS): the typecheck tier after it checks the same files and the route
  // types the build wrote in .next/types, which Next's check covered and a typecheck before any build cannot see.
  // Every tier sees the setting, so the faults and e2e tiers serve this build; `npm start` outside the tests takes
  // such a build as stale and builds again with the type check (scripts/build-state.ts).
  { name: "build", command: ["npx", "tsx", "scripts/build.ts", "--if-stale"] },
  { name: "typecheck", command: ["npx", "tsc", "--noEmit"], alongsideNext: true },
  { name: "lint", command: ["npm", "run", "lint"] },
  // Clock-change rules must hold whatever the machine's zone: the unit tier runs under both.
  {
    name: "unit",
    command: ["npx", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit.json"],
    results: "test-results/unit.json",
    kind: "vitest",
    env: { TZ: "UTC" },
  },
  {
    name: "unit-london",
    command: ["npx", "vitest", "run", "--project", "unit", "--reporter=dot", "--reporter=json", "--outputFile.json=test-results/unit-london.json"],
    results: "test-results/unit-london.json",
    kind: "vitest",
    env: { TZ: "Europe/London" },
  },
  {
    name: "integration",
    command: [
      "npx",
      "vitest",
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/integration.json",
    ],
    results: "test-results/integration.json",
    kind: "vitest",
  },
  // Faults and load against the production build over HTTP (built by the build tier; it builds again only if stale).
  {
    name: "faults",
    command: ["npx", "vitest", "run", "--project", "faults", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/faults.json"],
    results: "test-results/faults.json",
    kind: "vitest",
  },
  { name: "e2e", command: ["npx", "playwright", "test"], results: "test-results/e2e-results.json", kind: "playwright" },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines: string[] = [];

function count(tier: Tier): { passed: number; failed: number } | null {
  if (!tier.results || !existsSync(tier.results)) return null;
  const data = JSON.parse(readFileSync(tier.results, "utf8"));
  if (tier.kind === "vitest") return { passed: data.numPassedTests ?? 0, failed: data.numFailedTests ?? 0 };
  const stats = data.stats ?? {};
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) };
}

type Finished = { tier: Tier; status: number | null; seconds: string };

/** Runs one tier; with `quiet`, its output is kept and printed when it ends (so two tiers' output never interleaves). */
function runTier(tier: Tier, quiet: boolean): Promise<Finished> {
  if (tier.results) rmSync(tier.results, { force: true });
  const started = Date.now();
  const heading = `\n=== ${tier.name}${tier.env?.TZ ? ` (TZ=${tier.env.TZ})` : ""} ===`;
  if (!quiet) console.log(heading);
  const child = spawn(tier.command[0], tier.command.slice(1), {
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, ...tier.env },
  });
  const output: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (status) => {
      if (quiet) {
        console.log(heading);
        process.stdout.write(Buffer.concat(output));
      }
      resolve({ tier, status, seconds: ((Date.now() - started) / 1000).toFixed(0) });
    });
  });
}

/** Counts a finished tier; false when it failed. */
function settle({ tier, status, seconds }: Finished): boolean {
  const counts = count(tier);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A runner that exits 0 despite failed tests (seen with the faults tier's server children) still fails its tier.
  const ok = status === 0 && (!counts || counts.failed === 0);
  lines.push(
    `${ok ? "ok  " : "FAIL"} ${tier.name.padEnd(12)} ${counts ? `${counts.passed} passed, ${counts.failed} failed` : ok ? "clean" : "errors"} (${seconds}s)`,
  );
  if (!ok && (!counts || counts.failed === 0)) failed += 1;
  return ok;
}

const selected = tiers.filter((tier) => !only.length || only.includes(tier.name));
for (let i = 0; i < selected.length; i++) {
  const tier = selected[i];
  const next = tier.alongsideNext ? selected[i + 1] : undefined;
  const finished = next ? await Promise.all([runTier(tier, true), runTier(next, false)]) : [await runTier(tier, false)];
  if (next) i++;
  const results = finished.map(settle);
  if (results.includes(false)) break;
}

console.log(`\n${lines.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
