import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_PERMISSIONS, ROUTE_PERMISSIONS, type Requirement } from "./action-permissions";
import { PERMISSIONS } from "./permissions";

const APP = join(process.cwd(), "app");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** What the first guard call in `body` asks for: a permission, "signed-in", or "public" when there is none. */
function guardIn(body: string): Requirement {
  if (/requirePatientLink\(|verifyPatientDob\(|checkInWithArrivalCode\(/.test(body)) return "patient-link";
  const call = /require(Permission|Actor)\(\s*(?:"([^"]+)")?\s*\)/.exec(body);
  if (!call) return "public";
  return call[1] === "Actor" ? "signed-in" : (call[2] as Requirement);
}

/** Each exported function's body, from its declaration to the next top-level export. */
function exportedFunctions(source: string): Array<{ name: string; body: string }> {
  const starts = [...source.matchAll(/^export (?:async )?function (\w+)/gm)];
  return starts.map((match, i) => ({
    name: match[1],
    body: source.slice(match.index, starts[i + 1]?.index ?? source.length),
  }));
}

/** The server actions and route handlers in the source, with what each one's code asks for. */
function sourceRequirements(): Map<string, Requirement> {
  const found = new Map<string, Requirement>();
  for (const file of filesUnder(APP).filter((f) => /\.(ts|tsx)$/.test(f))) {
    const source = readFileSync(file, "utf8");
    const path = relative(process.cwd(), file).split("\\").join("/");
    if (/^\s*["']use server["'];?/.test(source)) {
      for (const fn of exportedFunctions(source)) found.set(`${path}#${fn.name}`, guardIn(fn.body));
    }
    if (/\/route\.tsx?$/.test(path)) {
      const route = path
        .replace(/^app/, "")
        .replace(/\/route\.tsx?$/, "")
        .split("/")
        .filter((segment) => !/^\(.*\)$/.test(segment))
        .join("/");
      for (const fn of exportedFunctions(source)) {
        if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(fn.name)) found.set(`${fn.name} ${route}`, guardIn(fn.body));
      }
      // `export const GET = handleSomething(...)`: its guard is in the expression or the file.
      for (const constant of source.matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm)) {
        found.set(`${constant[1]} ${route}`, guardIn(source));
      }
      // `export { handler as GET, handler as POST }`: the shared handler's guard.
      for (const alias of source.matchAll(/(\w+) as (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        found.set(`${alias[2]} ${route}`, guardIn(source));
      }
    }
  }
  return found;
}

describe("the action and route permission registry", () => {
  const registry: Record<string, Requirement> = { ...ACTION_PERMISSIONS, ...ROUTE_PERMISSIONS };

  it("names only permissions that exist", () => {
    const unknown = Object.entries(registry).filter(
      ([, requirement]) => requirement !== "signed-in" && requirement !== "public" && requirement !== "patient-link" && !(requirement in PERMISSIONS),
    );
    expect(unknown).toEqual([]);
  });

  it("lists every server action and route handler in app/, and nothing else", () => {
    const source = sourceRequirements();
    const missing = [...source.keys()].filter((key) => !(key in registry));
    const stale = Object.keys(registry).filter((key) => !source.has(key));
    expect(missing, "add these to lib/auth/action-permissions.ts").toEqual([]);
    expect(stale, "these are in lib/auth/action-permissions.ts but not in app/").toEqual([]);
  });

  it("says what each one's code asks the guard for", () => {
    const mismatched = [...sourceRequirements()]
      .filter(([key, requirement]) => key in registry && registry[key] !== requirement)
      .map(([key, requirement]) => `${key}: code asks for ${requirement}, registry says ${registry[key]}`);
    expect(mismatched).toEqual([]);
  });
});
