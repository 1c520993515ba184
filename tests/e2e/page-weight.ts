/**
 * First-load JavaScript (issue 13, "page weight"): the script files a page's
 * HTML makes the browser fetch before the page works, each compressed with gzip
 * as `next start` sends it, summed. Every page must stay within the budget; the
 * page sweep in pages.spec.ts measures each page it opens and fails on one over.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The most compressed first-load JavaScript any page may have, in kB (1,000 bytes, as Next.js and browsers count). */
export const FIRST_LOAD_BUDGET_KB = 170;

/** The `<script src>` of a page's HTML, without `nomodule` ones (the legacy polyfill, which modern browsers skip). */
export function firstLoadScripts(html: string): string[] {
  const scripts = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\ssrc="([^"]+)"/i.exec(tag)?.[1];
    if (src && !/\snomodule\b/i.test(tag)) scripts.add(src);
  }
  return [...scripts];
}

/** The scripts every page loads (React and Next.js's runtime), from the build's manifest: the check's own sanity check. */
export function rootMainScripts(): string[] {
  const manifest = JSON.parse(readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] };
  return manifest.rootMainFiles.map((file) => `/_next/${file}`);
}

const gzipped = new Map<string, number>();

/** A script's size gzip-compressed (zlib's default level, as `next start` compresses), read from the build. */
export function gzipBytes(src: string): number {
  const path = new URL(src, "http://localhost").pathname;
  if (!path.startsWith("/_next/static/")) throw new Error(`${src} is not one of the build's static scripts`);
  let bytes = gzipped.get(path);
  if (bytes === undefined) {
    bytes = gzipSync(readFileSync(join(".next", decodeURIComponent(path.slice("/_next/".length))))).length;
    gzipped.set(path, bytes);
  }
  return bytes;
}

export type PageWeight = { path: string; scripts: number; kB: number };

/** A page's first-load JavaScript from its HTML. */
export function pageWeight(path: string, html: string): PageWeight {
  const scripts = firstLoadScripts(html);
  const bytes = scripts.reduce((sum, src) => sum + gzipBytes(src), 0);
  return { path, scripts: scripts.length, kB: Math.round(bytes / 100) / 10 };
}
