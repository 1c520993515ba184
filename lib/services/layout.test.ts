/**
 * The shape of lib/services (see README.md there): each use case is one file
 * lib/services/<workflow>/<verb>-<noun>.ts exporting one function named after
 * the file; helpers shared by use cases live in <workflow>/internal/ and never
 * beside them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(process.cwd(), "lib/services");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The functions a module exports: `export function`, `export const x = (…) =>` and `export { … }` lists. */
export function exportedFunctions(source: string): string[] {
  const names = [...source.matchAll(/^export\s+(?:async\s+)?function\*?\s+(\w+)/gm)].map((m) => m[1]);
  names.push(...[...source.matchAll(/^export\s+const\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>/gm)].map((m) => m[1]));
  for (const m of source.matchAll(/^export\s+\{([^}]*)\}/gm)) {
    names.push(
      ...m[1]
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith("type "))
        .map((s) => s.split(/\s+as\s+/).pop()!),
    );
  }
  return names;
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

const files = sourceFiles(root).map((path) => relative(root, path).split("\\").join("/"));
const useCases = files.filter((f) => f.includes("/") && !f.split("/").includes("internal"));

describe("lib/services layout", () => {
  it("finds the use cases", () => {
    expect(useCases.length).toBeGreaterThan(60);
  });

  it("keeps every file in a workflow folder, none at the top", () => {
    expect(files.filter((f) => !f.includes("/"))).toEqual([]);
  });

  it("nests internal/ only directly under a workflow folder", () => {
    expect(files.filter((f) => f.split("/").length > 2 && !/^[a-z-]+\/internal\/[a-z0-9-]+\.ts$/.test(f))).toEqual([]);
  });

  it.each(useCases)("%s exports one function, named after the file", (file) => {
    const exported = exportedFunctions(readFileSync(join(root, file), "utf8"));
    expect(exported).toHaveLength(1);
    expect(`${kebab(exported[0])}.ts`).toBe(file.split("/").pop());
  });

  it("counts `export const f = () =>` and export lists as exported functions", () => {
    expect(
      exportedFunctions("export const a = (x: number) => x;\nexport async function b() {}\nexport { c, type D, e as f };\nexport const N = 3;"),
    ).toEqual(["b", "a", "c", "f"]);
  });
});
