/**
 * What a request must carry before the app acts on it (issue 17): a same-origin
 * Origin (or Sec-Fetch-Site: same-origin) on every state-changing request, a
 * server action body that is a real action encoding, the client address taken
 * from the connection rather than from X-Forwarded-For, and a session endpoint
 * that knows when the server-side session has ended.
 */
import { request as playwrightRequest } from "@playwright/test";
import { anonymous, builtActions, callAction, encodeReply, signedIn } from "./build-manifest";
import { auditSince, changedTables, snapshot, withDatabase } from "./database";
import { ACCOUNTS, expect, login, test } from "./fixtures";

const FOREIGN = "https://attacker.example";

function templateAction(): string {
  return builtActions().find((a) => a.key.endsWith("#createTemplateAction"))!.id;
}

/** A server action call as a browser would send it, with the Origin and fetch-metadata headers given. */
async function postAction(baseURL: string, cookie: string, headers: Record<string, string>, body: string) {
  const context = await playwrightRequest.newContext({ baseURL });
  try {
    const response = await context.post("/lead/templates/new", {
      headers: {
        "Next-Action": templateAction(),
        Accept: "text/x-component",
        "Content-Type": "text/plain;charset=UTF-8",
        Cookie: cookie,
        ...headers,
      },
      data: body,
      maxRedirects: 0,
    });
    return { status: response.status(), body: await response.text() };
  } finally {
    await context.dispose();
  }
}

async function leadCookie(baseURL: string): Promise<string> {
  const lead = await signedIn(baseURL, "lead");
  const cookie = (await lead.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await lead.dispose();
  return cookie;
}

test("server actions refuse a foreign, null or missing Origin with a 403, and answer a same-origin one", async ({ baseURL }) => {
  const cookie = await leadCookie(baseURL!);
  const before = await snapshot();
  const body = encodeReply([{ name: "" }]);

  for (const [label, headers] of [
    ["foreign Origin", { Origin: FOREIGN }],
    ["null Origin", { Origin: "null" }],
    ["no Origin and no Sec-Fetch-Site", {}],
    ["cross-site fetch metadata", { "Sec-Fetch-Site": "cross-site" }],
    ["same-site (another host) fetch metadata with this Origin", { Origin: baseURL!, "Sec-Fetch-Site": "same-site" }],
  ] as const) {
    const answer = await postAction(baseURL!, cookie, headers, body);
    expect(answer.status, label).toBe(403);
    expect(JSON.parse(answer.body), label).toEqual({
      error: { code: "FORBIDDEN", message: "This request did not come from a Clinic Day page, so nothing was done. Reload the page and try again." },
    });
  }

  // The browser's own calls: Origin of this site, or only the fetch metadata saying so.
  for (const [label, headers] of [
    ["same Origin", { Origin: baseURL! }],
    ["Sec-Fetch-Site: same-origin without Origin", { "Sec-Fetch-Site": "same-origin" }],
  ] as const) {
    const answer = await postAction(baseURL!, cookie, headers, body);
    expect(answer.status, label).toBe(200);
    expect(answer.body, label).toContain('"code":"VALIDATION"');
  }
  expect(changedTables(before, await snapshot())).toEqual([]);
});

test("malformed server action bodies get a 400, signed in or not", async ({ baseURL }) => {
  const cookie = await leadCookie(baseURL!);
  let deep = "0";
  for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
  for (const [label, body] of [
    ["an unfinished array", "[{"],
    ["an empty body", ""],
    ["5,000-deep nesting", `[${deep}]`],
    ["an object, not an argument list", '{"name":"x"}'],
    ["a Map made of the body itself", '["$Q0"]'],
  ] as const) {
    for (const who of [cookie, ""]) {
      const answer = await postAction(baseURL!, who, { Origin: baseURL! }, body);
      expect(answer.status, `${label}${who ? "" : " (anonymous)"}`).toBe(400);
      expect(JSON.parse(answer.body).error.code, label).toBe("BAD_REQUEST");
      expect(answer.body).not.toMatch(/digest|stack|at \w+ \(/i);
    }
  }
  // A legitimate call still reaches the action.
  const lead = await signedIn(baseURL!, "lead");
  expect(await (await callAction(lead, templateAction(), [{ name: "" }])).text()).toContain('"code":"VALIDATION"');
  await lead.dispose();
});

test("the POST route handlers refuse a foreign Origin and change nothing", async ({ baseURL }) => {
  const cookie = await leadCookie(baseURL!);
  const before = await snapshot();
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Cookie: cookie } });
  const csv = "nhs_number,given_name,family_name,date_of_birth,practice_ods_code\n9990000999,Eve,Forged,1970-01-01,Y99901\n";
  const refusedHeaders: Array<Record<string, string>> = [{ Origin: FOREIGN }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, {}];
  for (const headers of refusedHeaders) {
    const upload = await context.post("/api/patient-imports", {
      headers,
      multipart: { file: { name: "list.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } },
    });
    expect(upload.status(), JSON.stringify(headers)).toBe(403);
    expect((await upload.json()).error.code).toBe("FORBIDDEN");
    const exported = await context.post("/api/audit/export", { headers, form: { staffEmail: "lead@example.nhs.uk" } });
    expect(exported.status(), JSON.stringify(headers)).toBe(403);
    expect(exported.headers()["content-type"]).toContain("application/json");
  }
  await context.dispose();
  expect(changedTables(before, await snapshot())).toEqual([]);
  expect((await auditSince(before)).map((e) => e.action)).not.toContain("audit.export");

  // From the app's own origin the same upload is read (and previewed).
  const lead = await signedIn(baseURL!, "lead");
  const preview = await lead.post("/api/patient-imports", {
    multipart: { file: { name: "list.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } },
  });
  expect(preview.status()).toBe(200);
  await lead.dispose();
});

test("a form posted without JavaScript from the app's own page still works", async ({ browser }) => {
  const signedInContext = await browser.newContext();
  await login(await signedInContext.newPage(), "lead");
  const state = await signedInContext.storageState();
  await signedInContext.close();

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/lead/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  await page.getByLabel("Member of staff's email").fill("lead@example.nhs.uk");
  // Without JavaScript the search form posts natively to the CSV export.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Search the audit trail" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d\d-\d\d\.csv$/);
  await context.close();
});

test("the sign-in limit counts the connection's address, not an X-Forwarded-For header anyone can send", async ({ baseURL }) => {
  const context = await anonymous(baseURL!);
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const email = `nobody-${Date.now()}@example.nhs.uk`;
  await context.post("/api/auth/callback/credentials", {
    headers: { "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.10" },
    form: { csrfToken, email, password: "wrong-password", json: "true" },
    maxRedirects: 0,
  });
  await context.dispose();
  const ips = await withDatabase(async (client) => {
    const { rows } = await client.query<{ ip: string | null }>(`select ip from "AuditEvent" where "actorEmail" = $1 and action = 'auth.sign-in'`, [
      email,
    ]);
    return rows.map((r) => r.ip);
  });
  expect(ips).toHaveLength(1);
  expect(ips[0]).toMatch(/^(127\.0\.0\.1|::1)$/);
});

test("the session endpoint is empty once the session has ended on the server", async ({ page, context, baseURL }) => {
  await login(page, "gp");
  const live = await page.request.get("/api/auth/session");
  expect(await live.json()).toMatchObject({ user: { email: ACCOUNTS.gp.email } });
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The old cookie, replayed after sign-out.
  const replay = await playwrightRequest.newContext({ baseURL, storageState: { cookies, origins: [] } });
  const ended = await replay.get("/api/auth/session");
  expect(ended.status()).toBe(200);
  expect(await ended.json()).toEqual({});
  await replay.dispose();
});
