/**
 * The one guard. Every server action, route handler and page calls
 * requirePermission (or requireActor) itself; the proxy only redirects.
 */
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/db/audit";
import type { Actor, RequestInfo, ServiceContext } from "@/lib/db/context";
import { requestInfoOf } from "./options";
import { hasPermission, type Permission } from "./permissions";
import { resolveSession } from "./sessions";

async function requestInfo(): Promise<RequestInfo> {
  return requestInfoOf(await headers());
}

/**
 * The AuthSession id named by the request's session cookie, or null. The cookie is only decrypted, the way the proxy
 * reads it: not `getServerSession`, which also runs next-auth's whole session endpoint and encrypts a fresh cookie
 * that a page cannot set (measured: a sixth of a home page's server time). Nothing is lost by not re-issuing it: the
 * cookie's own expiry is the session's absolute limit (SESSION_MAX_HOURS), and the idle limit, signing out and
 * deactivation are the AuthSession row's, checked below. Only the cookie is read, never an Authorization header.
 */
async function sessionIdFromCookie(): Promise<string | null> {
  const jar = await cookies();
  const token = await getToken({
    req: { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env().NEXTAUTH_SECRET,
  }).catch(() => null);
  return typeof token?.sid === "string" ? token.sid : null;
}

/**
 * The signed-in member of staff, checked against the database, or null. Asked once per page request: a page's layout
 * and the page itself both need it, and React's `cache` hands the second the first's answer (the cookie read, the
 * session row). Server actions and route handlers are not rendered, so each of their calls checks afresh.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const sid = await sessionIdFromCookie();
  if (!sid) return null;
  const settings = env();
  const check = await resolveSession(db(), sid, {
    idleMinutes: settings.SESSION_IDLE_MINUTES,
    maxHours: settings.SESSION_MAX_HOURS,
  });
  return check.ok ? check.actor : null;
});

export async function requireActor(): Promise<ServiceContext> {
  const actor = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
  return { db: db(), actor, request: await requestInfo() };
}

export async function requirePermission(permission: Permission): Promise<ServiceContext> {
  const ctx = await requireActor();
  if (!hasPermission(ctx.actor.roles, permission)) {
    await recordAudit(ctx.db, {
      actor: ctx.actor,
      action: "auth.permission-refused",
      outcome: "DENIED",
      request: ctx.request,
      details: { permission },
    });
    throw new AppError("FORBIDDEN", "Your role does not allow this. Ask the clinic lead if you need it.");
  }
  return ctx;
}

/** For pages: send visitors without a session to sign in, and others without the permission to a plain refusal. */
export async function requirePagePermission(permission: Permission): Promise<ServiceContext> {
  try {
    return await requirePermission(permission);
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect("/login");
    if (error instanceof AppError && error.code === "FORBIDDEN") redirect("/forbidden");
    throw error;
  }
}

/** For pages any signed-in member of staff may see. */
export async function requirePageActor(): Promise<ServiceContext> {
  try {
    return await requireActor();
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect("/login");
    throw error;
  }
}
