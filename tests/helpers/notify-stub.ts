/**
 * A real HTTP server on loopback that answers like the GOV.UK Notify API
 * (POST /v2/notifications/sms|email → 201 with the notification's id), so tests
 * exercise the official notifications-node-client end to end and count what
 * actually arrived. It checks the client's JWT is signed with the key's secret.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type StubRequest = {
  path: string;
  body: { template_id: string; phone_number?: string; email_address?: string; personalisation?: Record<string, string>; reference?: string };
};

export type NotifyStub = {
  url: string;
  apiKey: string;
  requests: StubRequest[];
  /** The next `n` requests are answered with `status` (500 by default). */
  failNext: (n: number, status?: number) => void;
  /** Each request waits this long before being answered. */
  setDelay: (ms: number) => void;
  close: () => Promise<void>;
};

const SERVICE_ID = "0b4f5d2e-3c1a-4e6f-9a8b-7c6d5e4f3a2b";
const SECRET = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f";

function verifyJwt(header: string | undefined): boolean {
  const token = header?.replace(/^Bearer /, "") ?? "";
  const [head, payload, signature] = token.split(".");
  if (!head || !payload || !signature) return false;
  const expected = createHmac("sha256", SECRET).update(`${head}.${payload}`).digest("base64url");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: string };
  return expected === signature && claims.iss === SERVICE_ID;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startNotifyStub(port = Number(process.env.NOTIFY_STUB_PORT ?? 0)): Promise<NotifyStub> {
  const requests: StubRequest[] = [];
  let failures = 0;
  let failStatus = 500;
  let delay = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!verifyJwt(req.headers.authorization)) return reply(403, { status_code: 403, errors: [{ error: "AuthError", message: "Invalid token" }] });
    const path = req.url ?? "";
    if (req.method !== "POST" || !/^\/v2\/notifications\/(sms|email)$/.test(path)) {
      return reply(404, { status_code: 404, errors: [{ error: "NotFound", message: "Not found" }] });
    }
    if (failures > 0) {
      failures -= 1;
      return reply(failStatus, { status_code: failStatus, errors: [{ error: "Exception", message: "Internal server error" }] });
    }
    const body = JSON.parse(raw) as StubRequest["body"];
    requests.push({ path, body });
    const id = randomUUID();
    reply(201, {
      id,
      reference: body.reference ?? null,
      uri: `http://127.0.0.1/v2/notifications/${id}`,
      template: { id: body.template_id, version: 1, uri: "http://127.0.0.1/template" },
      content: path.endsWith("sms")
        ? { body: "…", from_number: "GOVUK" }
        : { body: "…", subject: "Appointment reminder", from_email: "clinic@notifications.service.gov.uk" },
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    apiKey: `clinic_day_test-${SERVICE_ID}-${SECRET}`,
    requests,
    failNext: (n, status = 500) => {
      failures = n;
      failStatus = status;
    },
    setDelay: (ms) => {
      delay = ms;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
