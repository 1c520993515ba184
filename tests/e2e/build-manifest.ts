/**
 * What the build contains, read from Next.js's manifests rather than listed by
 * hand, and how to call it over HTTP as a browser would: the access matrix,
 * the fuzzing suite and the page accessibility sweep share these, so a new
 * action, route or page is covered the moment it is built.
 */
import { readFileSync } from "node:fs";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { ACTION_PERMISSIONS, ROUTE_PERMISSIONS, type Requirement } from "@/lib/auth/action-permissions";
import { hasPermission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import { ACCOUNTS, DEMO_PASSWORD, type AccountKey } from "./fixtures";

type ServerReferenceManifest = { node: Record<string, { filename?: string; exportedName?: string }> };

export type BuiltAction = { id: string; key: string };

export function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as ServerReferenceManifest;
  return Object.entries(manifest.node)
    .map(([id, entry]) => ({ id, key: `${entry.filename ?? "?"}#${entry.exportedName ?? id}` }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function appPaths(): string[] {
  return Object.keys(JSON.parse(readFileSync(".next/server/app-paths-manifest.json", "utf8")) as Record<string, string>);
}

/** Route handler paths as the app folder spells them, route groups removed: `/api/clinic-days/[id]/board`. */
export function builtRoutePaths(): string[] {
  return appPaths()
    .filter((key) => key.endsWith("/route"))
    .map((key) => withoutGroups(key.slice(0, -"/route".length)))
    .sort();
}

/** Page paths, route groups removed, without Next's own error pages: `/clinic-days/[id]/board`. */
export function builtPagePaths(): string[] {
  return appPaths()
    .filter((key) => key.endsWith("/page") && !key.startsWith("/_"))
    .map((key) => withoutGroups(key.slice(0, -"/page".length)) || "/")
    .sort();
}

function withoutGroups(path: string): string {
  return path
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .join("/");
}

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export type RegisteredRoute = { key: string; method: (typeof METHODS)[number]; path: string; requirement: Requirement };

export function registeredRoutes(): RegisteredRoute[] {
  return Object.entries(ROUTE_PERMISSIONS).map(([key, requirement]) => {
    const [method, path] = key.split(" ") as [RegisteredRoute["method"], string];
    return { key, method, path, requirement };
  });
}

export function actionRequirement(key: string): Requirement | undefined {
  return (ACTION_PERMISSIONS as Record<string, Requirement>)[key];
}

/** The build's actions and route paths the registry does not list, and registry entries the build lacks. */
export function registryDifferences(): { unregistered: string[]; unbuilt: string[] } {
  const actions = builtActions().map((a) => a.key);
  const paths = builtRoutePaths();
  const routePaths = new Set(registeredRoutes().map((r) => r.path));
  return {
    unregistered: [
      ...actions.filter((key) => !(key in ACTION_PERMISSIONS)),
      ...paths.filter((path) => !routePaths.has(path)).map((path) => `route ${path}`),
    ],
    unbuilt: [
      ...Object.keys(ACTION_PERMISSIONS).filter((key) => !actions.includes(key)),
      ...[...routePaths].filter((path) => !paths.includes(path)).map((path) => `route ${path}`),
    ],
  };
}

/** A well-formed id that matches nothing, for dynamic segments. */
export const NO_SUCH_ID = "00000000-0000-7000-8000-000000000000";

export function fillSegments(path: string, value = NO_SUCH_ID): string {
  return path.replace(/\[\.\.\.[^\]]+\]/g, "x").replace(/\[[^\]]+\]/g, value);
}

/** Which demo account has each role. */
export const ROLE_ACCOUNTS: Record<Role, AccountKey> = {
  RECEPTION: "reception",
  HEALTH_BUDDY: "buddy",
  THERAPIST: "therapist",
  GP: "gp",
  CLINIC_LEAD: "lead",
  MENTAL_HEALTH_PARTNER: "partner",
};

export function allowed(role: Role, requirement: Requirement): boolean {
  // A patient link's actions are open to no staff role: they answer UNAUTHENTICATED without the patient's link session.
  if (requirement === "patient-link") return false;
  return requirement === "public" || requirement === "signed-in" || hasPermission([role], requirement);
}

/** A request context signed in as a demo account through next-auth's own endpoints, cookies kept. */
export async function signedIn(baseURL: string, who: AccountKey | { email: string }): Promise<APIRequestContext> {
  const email = typeof who === "string" ? ACCOUNTS[who].email : who.email;
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: DEMO_PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  const cookies = (await context.storageState()).cookies;
  if (!cookies.some((c) => c.name.includes("session-token"))) {
    throw new Error(`Could not sign in as ${email} (status ${response.status()})`);
  }
  return context;
}

export async function anonymous(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
}

/**
 * Calls a server action as React does: a POST carrying the action's id, its
 * arguments encoded as a reply (strings starting with "$" escaped as "$$"); a
 * bound action's bound arguments come first, as React's client sends them.
 * /login is outside the redirecting proxy, so the action itself must answer;
 * a patient's link actions are posted to the link's page (`path`), where the
 * browser sends the link's session cookie (its path is /p/).
 */
export async function callAction(
  context: APIRequestContext,
  id: string,
  args: unknown[] | { raw: string } | { form: FormData },
  path = "/login",
): Promise<APIResponse> {
  const headers: Record<string, string> = { "Next-Action": id, Accept: "text/x-component" };
  if ("form" in args) return context.post(path, { headers, multipart: args.form, maxRedirects: 0 });
  const body = "raw" in args ? args.raw : encodeReply(args);
  return context.post(path, { headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" }, data: body, maxRedirects: 0 });
}

export function encodeReply(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "string" && value.startsWith("$") ? `$${value}` : value));
}

/** The action's own answer from its RSC response: the row holding `{ ok, ... }`. */
export function actionAnswer(body: string): { ok?: boolean; code?: string; message?: string; data?: unknown } | null {
  for (const line of body.split("\n")) {
    const json = line.replace(/^[0-9a-f]+:/, "");
    if (!json.startsWith("{")) continue;
    try {
      const row = JSON.parse(json) as Record<string, unknown>;
      if ("ok" in row) return row as never;
    } catch {
      // Not a JSON row (text chunks and the like).
    }
  }
  return null;
}
