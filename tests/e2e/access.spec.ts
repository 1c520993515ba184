/**
 * Every server action and route handler the build contains is refused to a
 * caller without a valid session: discovered from the build's manifests, so a
 * new one is covered without anyone remembering to add it here.
 */
import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { expect, login, test } from "./fixtures";

type ServerReferenceManifest = { node: Record<string, { filename?: string; exportedName?: string }> };

function serverActions(): Array<{ id: string; name: string }> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as ServerReferenceManifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, name: `${entry.filename ?? "?"}#${entry.exportedName ?? id}` }));
}

const OPEN_ROUTES = ["/api/health", "/api/auth/[...nextauth]"];

function routeHandlers(): string[] {
  const manifest = JSON.parse(readFileSync(".next/server/app-paths-manifest.json", "utf8")) as Record<string, string>;
  return (
    Object.keys(manifest)
      .filter((key) => key.endsWith("/route"))
      .map((key) => key.slice(0, -"/route".length))
      .filter((path) => !OPEN_ROUTES.includes(path))
      // Dynamic segments get a well-formed id that matches nothing.
      .map((path) => path.replace(/\[[^\]]+\]/g, "00000000-0000-7000-8000-000000000000"))
  );
}

async function callAction(request: APIRequestContext, baseURL: string, id: string, cookie?: string) {
  // /login is outside the redirecting proxy, so the action itself must refuse.
  return request.post("/login", {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: baseURL,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    data: "[]",
    maxRedirects: 0,
  });
}

test("the build has server actions to check", () => {
  expect(serverActions().length).toBeGreaterThan(0);
});

test("every server action refuses an anonymous caller", async ({ request, baseURL }) => {
  for (const action of serverActions()) {
    const response = await callAction(request, baseURL!, action.id);
    const body = await response.text();
    expect(body, action.name).toContain('"code":"UNAUTHENTICATED"');
    expect(body, action.name).not.toContain('"ok":true');
  }
});

test("every server action and route handler refuses a signed-out session's cookie", async ({ page, context, request, baseURL }) => {
  await login(page, "lead");
  const cookies = await context.cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  for (const action of serverActions()) {
    const body = await (await callAction(request, baseURL!, action.id, cookie)).text();
    expect(body, action.name).toContain('"code":"UNAUTHENTICATED"');
  }
  for (const path of routeHandlers()) {
    for (const method of ["GET", "POST"] as const) {
      const response = await request.fetch(path, { method, headers: { Cookie: cookie, Origin: baseURL! }, maxRedirects: 0 });
      if (response.status() === 405) continue;
      expect(response.status(), `${method} ${path}`).toBe(401);
    }
  }
});

test("route handlers refuse an anonymous caller", async ({ request, baseURL }) => {
  for (const path of routeHandlers()) {
    for (const method of ["GET", "POST"] as const) {
      // From the app's own origin, so the refusal is for want of a session (a foreign one is refused earlier: request-trust.spec.ts).
      const response = await request.fetch(path, { method, headers: { Origin: baseURL! }, maxRedirects: 0 });
      if (response.status() === 405) continue;
      expect(response.status(), `${method} ${path}`).toBe(401);
    }
  }
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
