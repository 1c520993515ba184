/**
 * Three jobs, none of them authorisation:
 *  1. redirect visitors without a session cookie to /login (convenience only:
 *     every page, action and route handler checks the session and permission
 *     itself through lib/auth/guard);
 *  2. set the Content-Security-Policy with a fresh nonce per request, which
 *     Next.js puts on its own scripts (no 'unsafe-eval', no inline scripts
 *     without the nonce), and HSTS when served over HTTPS;
 *  3. refuse a server action call or sign-in post that declares a body over
 *     its limit with a 413 saying the limit, before anything reads it (Next.js's
 *     own bodySizeLimit still stops an undeclared, chunked one).
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ACTION_BODY_LIMIT, declaredOver, SMALL_FORM_LIMIT, tooLargeMessage } from "@/lib/http/body-limit";

const PUBLIC = ["/login", "/api/auth", "/api/health", "/forbidden", "/_next", "/favicon.ico"];

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

async function route(request: NextRequest, requestHeaders: Headers): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const refused = tooLarge(request);
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
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = await route(request, requestHeaders);
  response.headers.set("Content-Security-Policy", csp);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
