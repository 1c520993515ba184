/**
 * Cross-site request forgery: a state-changing request is acted on only when
 * the browser says it came from one of this app's own pages. Browsers send
 * Origin on every POST (a same-origin form post too, under this app's
 * strict-origin-when-cross-origin referrer policy) and Sec-Fetch-Site on
 * every request; a page elsewhere can set neither. The host compared against
 * is the one Next.js compares a server action's Origin with (X-Forwarded-Host,
 * else Host), so the proxy refuses exactly what Next.js would otherwise fail
 * on with a 500, and route handlers get the same check server actions have.
 */

/** Methods that change nothing, so need no Origin. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

type HeaderSource = { get(name: string): string | null };

/** The host this request was addressed to, as Next.js's own server action check reads it. */
function requestHost(headers: HeaderSource): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

export function checkRequestOrigin(method: string, headers: HeaderSource): OriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return { ok: false, reason: `Sec-Fetch-Site ${site.slice(0, 20)}` };
  const origin = headers.get("origin");
  if (origin === null) {
    // Only the fetch metadata vouches for it (an older browser left Origin out).
    return site === "same-origin" ? { ok: true } : { ok: false, reason: "no Origin" };
  }
  // "null": a sandboxed frame, a data: URL, a redirect across sites.
  if (origin === "null") return { ok: false, reason: "a null Origin" };
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return { ok: false, reason: "an Origin that is not a URL" };
  }
  if (!originHost) return { ok: false, reason: "an Origin without a host" };
  const host = requestHost(headers);
  if (!host || originHost.toLowerCase() !== host.toLowerCase()) return { ok: false, reason: "a foreign Origin" };
  return { ok: true };
}

export const FOREIGN_REQUEST_MESSAGE = "This request did not come from a Clinic Day page, so nothing was done. Reload the page and try again.";
