/**
 * Five jobs, none of them authorisation:
 *  1. redirect visitors without a session cookie to /login (convenience only:
 *     every page, action and route handler checks the session and permission
 *     itself through lib/auth/guard);
 *  2. set the Content-Security-Policy with a fresh nonce per request, which
 *     Next.js puts on its own scripts (no 'unsafe-eval', no inline scripts
 *     without the nonce), and HSTS when served over HTTPS;
 *  3. refuse a server action call or sign-in post that declares a body over
 *     its limit with a 413 saying the limit, before anything reads it (Next.js's
 *     own bodySizeLimit still stops an undeclared, chunked one);
 *  4. refuse a state-changing request (POST, PUT, PATCH, DELETE) that did not
 *     come from one of the app's own pages, with a 403: cross-site request
 *     forgery protection for route handlers and sign-in, and for server actions
 *     the same check Next.js makes, answered cleanly instead of with a 500
 *     (lib/http/request-origin.ts);
 *  5. refuse a server action body React could not have sent with a 400 before
 *     Next.js's decoder throws on it (lib/http/action-body.ts).
 * Each refusal writes one log line and no stack.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { formActionProblem, textActionProblem } from "@/lib/http/action-body";
import { ACTION_BODY_LIMIT, declaredOver, SMALL_FORM_LIMIT, tooLargeMessage } from "@/lib/http/body-limit";
import { checkRequestOrigin, FOREIGN_REQUEST_MESSAGE } from "@/lib/http/request-origin";

/**
 * Patient pages (a patient's link, docs/decisions/0016-patient-links.md) need no staff session: the page and
 * its actions check the link themselves. Their CSP is tighter than the staff pages': no images but their own,
 * nothing framed or embedded, and no fetches but to the app; their responses are not cached, not indexed, and
 * send no referrer (the link's token is in the address).
 */
const PATIENT_PAGES = "/p";

const PUBLIC = ["/login", "/api/auth", "/api/health", "/forbidden", "/_next", "/favicon.ico", PATIENT_PAGES];

function patientContentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // React's development build needs eval for its debugging tools; production never gets it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function tooLarge(request: NextRequest): NextResponse | null {
  if (request.method !== "POST") return null;
  const limit = request.headers.has("next-action") ? ACTION_BODY_LIMIT : request.nextUrl.pathname.startsWith("/api/auth/") ? SMALL_FORM_LIMIT : null;
  if (!limit || !declaredOver(request.headers, limit.bytes)) return null;
  return NextResponse.json({ error: { code: "TOO_LARGE", message: tooLargeMessage(limit.label) } }, { status: 413 });
}

/** One line per refusal, with nothing a client sent beyond a clipped path. */
function refusal(request: NextRequest, status: number, code: string, message: string, why: string): NextResponse {
  console.warn(`[refused ${status}] ${request.method} ${request.nextUrl.pathname.slice(0, 100)}: ${why}`);
  return NextResponse.json({ error: { code, message } }, { status });
}

function foreign(request: NextRequest): NextResponse | null {
  const verdict = checkRequestOrigin(request.method, request.headers);
  return verdict.ok ? null : refusal(request, 403, "FORBIDDEN", FOREIGN_REQUEST_MESSAGE, verdict.reason);
}

async function malformedAction(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const type = request.headers.get("content-type") ?? "";
  let problem: string | null;
  if (/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
    // Next.js buffers the body for the proxy (up to 10 MB), so reading a clone here leaves it for the action.
    problem = await request
      .clone()
      .formData()
      .then(formActionProblem, () => "a form that cannot be read");
  } else {
    const body = await request.clone().text();
    if (body.length > ACTION_BODY_LIMIT.bytes)
      return refusal(request, 413, "TOO_LARGE", tooLargeMessage(ACTION_BODY_LIMIT.label), "an undeclared body over the limit");
    problem = textActionProblem(body);
  }
  if (!problem) return null;
  return refusal(
    request,
    400,
    "BAD_REQUEST",
    "This request was not one the clinic's pages send, so nothing was done. Reload the page and try again.",
    `server action body ${problem}`,
  );
}

async function route(request: NextRequest, requestHeaders: Headers): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const refused = tooLarge(request) ?? foreign(request) ?? (await malformedAction(request));
  if (refused) return refused;
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });
  if (PUBLIC.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return next();
  // Server action calls answer for themselves (each calls requirePermission and
  // returns UNAUTHENTICATED); a redirect here would only hide that answer.
  if (request.method === "POST" && request.headers.has("next-action")) return next();
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to use this." } }, { status: 401 });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  return NextResponse.redirect(url);
}

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const patientPage = request.nextUrl.pathname === PATIENT_PAGES || request.nextUrl.pathname.startsWith(`${PATIENT_PAGES}/`);
  const csp = patientPage ? patientContentSecurityPolicy(nonce) : contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = await route(request, requestHeaders);
  response.headers.set("Content-Security-Policy", csp);
  if (patientPage) {
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("X-Robots-Tag", "noindex, nofollow");
  }
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
