/**
 * The client address behind the sign-in limits and the audit trail, through a
 * real HTTP server with the stamp instrumentation.ts installs (issue 17, item
 * 1): X-Forwarded-For is ignored unless TRUSTED_PROXIES names the proxies, and
 * then only the entries they added count.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestInfoOf } from "@/lib/auth/options";
import { SIGN_IN_LIMITS, signIn } from "@/lib/auth/sessions";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies } from "@/lib/http/client-address";
import { installClientAddressStamp } from "@/lib/http/stamp-client-address";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, DEMO_PASSWORD } from "@/tests/helpers/factories";

let t: TestDatabase;
let server: Server;
let base: string;

function trust(value: string) {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.message);
  installClientAddressStamp(parsed.trust);
}

beforeAll(async () => {
  t = await freshDatabase();
  await createOrganisation(t.db);
  // A sign-in endpoint as the app's: the request's address is whatever requestInfoOf reads from the stamped headers.
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", async () => {
      const info = requestInfoOf(request.headers);
      const result = body ? await signIn(t.db, JSON.parse(body), info) : null;
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ ip: info.ip, stamped: request.headers[CLIENT_ADDRESS_HEADER] ?? null, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  trust("");
  await new Promise((resolve) => server.close(resolve));
});

async function call(headers: Record<string, string>, body?: unknown) {
  const response = await fetch(base, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as { ip: string | null; stamped: string | null; result: { ok: boolean; slowed?: boolean } | null };
}

describe("with no trusted proxy (the default)", () => {
  it("the address is the connection's, whatever X-Forwarded-For, X-Real-IP or the stamp header say", async () => {
    trust("");
    for (const forged of ["203.0.113.9", "1.1.1.1, 2.2.2.2", "garbage"]) {
      expect(await call({ "X-Forwarded-For": forged, "X-Real-IP": forged, [CLIENT_ADDRESS_HEADER]: "6.6.6.6" })).toMatchObject({
        ip: "127.0.0.1",
        stamped: "127.0.0.1",
      });
    }
  });

  it("rotating X-Forwarded-For does not get past the per-address limit", async () => {
    trust("");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      const answer = await call({ "X-Forwarded-For": `198.51.100.${i}` }, { email: `nobody${i}@example.nhs.uk`, password: "x" });
      expect(answer.result).toEqual({ ok: false });
    }
    const next = await call({ "X-Forwarded-For": "198.51.100.250" }, { email: "lead@example.nhs.uk", password: DEMO_PASSWORD });
    expect(next.result).toMatchObject({ ok: false, slowed: true });
    // The header's addresses were never counted.
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign-in", ip: { startsWith: "198.51.100." } } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign-in", outcome: "FAILURE", ip: "127.0.0.1" } })).toBe(SIGN_IN_LIMITS.perAddress);
  });
});

describe("with TRUSTED_PROXIES set", () => {
  it("a hop count takes the entry the last trusted proxy added", async () => {
    trust("1");
    expect(await call({ "X-Forwarded-For": "6.6.6.6, 198.51.100.7" })).toMatchObject({ ip: "198.51.100.7" });
    trust("2");
    expect(await call({ "X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.1" })).toMatchObject({ ip: "198.51.100.7" });
    // Straight to the app, past the proxy: the connection.
    trust("1");
    expect(await call({})).toMatchObject({ ip: "127.0.0.1" });
  });

  it("addresses skip only those proxies", async () => {
    trust("127.0.0.1, 10.0.0.1");
    expect(await call({ "X-Forwarded-For": "6.6.6.6, 198.51.100.8, 10.0.0.1" })).toMatchObject({ ip: "198.51.100.8" });
    trust("10.0.0.1");
    expect(await call({ "X-Forwarded-For": "198.51.100.8" })).toMatchObject({ ip: "127.0.0.1" });
  });
});
