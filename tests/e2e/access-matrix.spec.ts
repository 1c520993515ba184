/**
 * The permission table, proven over HTTP against the built app: every server
 * action and route handler the build contains is called anonymously and as
 * each role, and the answer must be what lib/auth/action-permissions.ts and
 * lib/auth/permissions.ts say: 401 / UNAUTHENTICATED without a session, 403 /
 * FORBIDDEN (and no data) for a role without the permission, anything but a
 * refusal for a role with it. The database must be unchanged across it all.
 * An action or route missing from the registry fails the first test, by name.
 */
import type { APIRequestContext } from "@playwright/test";
import { INPUTLESS_ACTIONS } from "@/lib/auth/action-permissions";
import { ROLES } from "@/lib/auth/permissions";
import {
  actionAnswer,
  actionRequirement,
  allowed,
  anonymous,
  builtActions,
  builtRoutePaths,
  callAction,
  fillSegments,
  METHODS,
  registeredRoutes,
  registryDifferences,
  ROLE_ACCOUNTS,
  signedIn,
} from "./build-manifest";
import { auditSince, changedTables, changesRecorded, snapshot } from "./database";
import { expect, test } from "./fixtures";

test("the registry lists every server action and route handler in the build, and nothing else", () => {
  const { unregistered, unbuilt } = registryDifferences();
  expect(unregistered, "in the build but not in lib/auth/action-permissions.ts: add each with the permission it requires").toEqual([]);
  expect(unbuilt, "in lib/auth/action-permissions.ts but not in the build: remove or rename").toEqual([]);
});

test("each route handler answers exactly the methods the registry lists", async ({ baseURL }) => {
  const lead = await signedIn(baseURL!, "lead");
  for (const path of builtRoutePaths()) {
    const answered: string[] = [];
    for (const method of METHODS) {
      const response = await lead.fetch(fillSegments(path), { method, maxRedirects: 0 });
      if (response.status() !== 405) answered.push(method);
    }
    const registered = registeredRoutes()
      .filter((r) => r.path === path)
      .map((r) => r.method);
    expect.soft(answered, `methods of ${path}`).toEqual(METHODS.filter((m) => registered.includes(m)));
  }
  await lead.dispose();
});

async function expectRefused(context: APIRequestContext, code: "UNAUTHENTICATED" | "FORBIDDEN", status: 401 | 403, label: string) {
  for (const action of builtActions()) {
    const body = await (await callAction(context, action.id, [])).text();
    const answer = actionAnswer(body);
    expect.soft(answer?.code, `${label}: ${action.key}`).toBe(code);
    expect.soft(answer && "data" in answer, `${label}: ${action.key} returned data`).toBeFalsy();
  }
  for (const route of registeredRoutes().filter((r) => r.requirement !== "public")) {
    const response = await context.fetch(fillSegments(route.path), { method: route.method, maxRedirects: 0 });
    expect.soft(response.status(), `${label}: ${route.key}`).toBe(status);
    const body = await response.text();
    expect.soft(body, `${label}: ${route.key}`).toContain(`"code":"${code}"`);
    expect.soft(body, `${label}: ${route.key} returned data`).not.toContain('"data"');
  }
}

test("without a session, every action and route handler is refused and nothing changes", async ({ baseURL }) => {
  const before = await snapshot();
  const context = await anonymous(baseURL!);
  await expectRefused(context, "UNAUTHENTICATED", 401, "anonymous");
  await context.dispose();
  expect(changedTables(before, await snapshot())).toEqual([]);
  expect(await auditSince(before)).toEqual([]);
});

for (const role of ROLES) {
  test(`as ${role}, each action and route answers as the permission table says, and refusals change nothing`, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const context = await signedIn(baseURL!, ROLE_ACCOUNTS[role]);
    const before = await snapshot();
    let refusals = 0;
    const inputless: Array<{ id: string; key: string }> = [];

    for (const action of builtActions()) {
      const requirement = actionRequirement(action.key);
      if (!requirement) continue; // Named by the registry test above.
      const mayCall = allowed(role, requirement);
      if (mayCall && INPUTLESS_ACTIONS.has(action.key)) {
        inputless.push(action);
        continue;
      }
      const answer = actionAnswer(await (await callAction(context, action.id, [])).text());
      expect.soft(answer, `${action.key}: no answer`).not.toBeNull();
      if (mayCall) {
        // An empty call is bad input: refused as such, never as a permission problem.
        expect.soft(answer?.code, `${action.key} should be open to ${role}`).not.toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
        expect.soft(answer?.code, `${action.key}: unexpected error`).not.toBe("ERROR");
      } else {
        // A patient link's refusal is UNAUTHENTICATED (no staff permission was asked for, so none is audited).
        if (requirement !== "patient-link") refusals++;
        expect
          .soft(answer?.code, `${action.key} should be refused to ${role}`)
          .toBe(requirement === "patient-link" ? "UNAUTHENTICATED" : "FORBIDDEN");
        expect.soft(answer && "data" in answer, `${action.key} returned data to ${role}`).toBeFalsy();
      }
    }

    for (const route of registeredRoutes().filter((r) => r.requirement !== "public")) {
      const response = await context.fetch(fillSegments(route.path), { method: route.method, maxRedirects: 0 });
      const body = await response.text();
      if (allowed(role, route.requirement)) {
        expect.soft([401, 403], `${route.key} should be open to ${role}`).not.toContain(response.status());
        expect.soft(response.status(), `${route.key}: server error`).toBeLessThan(500);
      } else {
        refusals++;
        expect.soft(response.status(), `${route.key} should be refused to ${role}`).toBe(403);
        expect.soft(body, `${route.key} returned data to ${role}`).not.toContain('"data"');
      }
    }

    expect(
      changedTables(before, await snapshot()),
      "tables changed by refused or empty calls (an action that changes data when called with no input belongs in INPUTLESS_ACTIONS)",
    ).toEqual([]);
    const audit = await auditSince(before);
    expect(audit.filter((e) => e.action === "auth.permission-refused" && e.outcome === "DENIED")).toHaveLength(refusals);
    expect(changesRecorded(audit), "changes recorded by empty calls").toEqual([]);

    // Last, as they end this very session: each must be allowed and succeed.
    for (const action of inputless) {
      const answer = actionAnswer(await (await callAction(context, action.id, [])).text());
      expect.soft(answer?.ok, `${action.key} as ${role}`).toBe(true);
    }
    await context.dispose();
  });
}
