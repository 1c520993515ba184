/**
 * A build is served only when it finished and its types were checked: `npm test` builds without Next's own type
 * check (its typecheck tier runs after the build), and such a build must never be what `npm start` serves.
 * On a made-up `.next` in a temporary folder; the real builds are exercised by tests/faults/build.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD_MARKER, staleBuildReason } from "@/scripts/build-state";

const made: string[] = [];
const saved = process.env.CLINIC_BUILD_FOR_TESTS;

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.CLINIC_BUILD_FOR_TESTS;
  else process.env.CLINIC_BUILD_FOR_TESTS = saved;
});

function builtTree(marker: object | null): string {
  const root = mkdtempSync(join(tmpdir(), "clinic-build-"));
  made.push(root);
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "page.tsx"), "export default function Page() { return null; }\n");
  // Sources older than the build.
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, "app", "page.tsx"), old, old);
  utimesSync(join(root, "app"), old, old);
  mkdirSync(join(root, ".next"));
  writeFileSync(join(root, ".next", "BUILD_ID"), "abc123\n");
  if (marker) writeFileSync(join(root, BUILD_MARKER), JSON.stringify(marker));
  return root;
}

describe("which build may be served", () => {
  it("a finished build with its types checked is current", () => {
    delete process.env.CLINIC_BUILD_FOR_TESTS;
    expect(staleBuildReason(builtTree({ buildId: "abc123", typesChecked: true }))).toBeNull();
  });

  it("a build made for the tests, without its type check, is served only to the tests", () => {
    const root = builtTree({ buildId: "abc123", typesChecked: false });
    delete process.env.CLINIC_BUILD_FOR_TESTS;
    expect(staleBuildReason(root)).toBe("the last build was made for the tests, without its type check");
    process.env.CLINIC_BUILD_FOR_TESTS = "1";
    expect(staleBuildReason(root)).toBeNull();
  });

  it("a marker from before this rule (no typesChecked) is stale outside the tests", () => {
    delete process.env.CLINIC_BUILD_FOR_TESTS;
    expect(staleBuildReason(builtTree({ buildId: "abc123" }))).toBe("the last build was made for the tests, without its type check");
  });

  it("an unfinished build is stale even for the tests", () => {
    process.env.CLINIC_BUILD_FOR_TESTS = "1";
    expect(staleBuildReason(builtTree(null))).toBe("the last build did not finish");
    expect(staleBuildReason(builtTree({ buildId: "other", typesChecked: true }))).toBe("the last build did not finish");
  });
});
