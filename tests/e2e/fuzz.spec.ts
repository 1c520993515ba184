/**
 * Every server action and route handler in the build, sent random and
 * malformed payloads (fast-check) as a role allowed to use it: wrong types,
 * huge strings, deep nesting, unicode, prototype-pollution keys, ids that are
 * not ids or match nothing, missing fields, the field names of the app's own
 * schemas with nonsense in them. Each answer must be a validation message or
 * another typed refusal (or a 4xx from a route), never a 500 nor the
 * "something went wrong" reference; and the database must be unchanged.
 *
 * FUZZ_RUNS (default 10) bounds the runs per action; FUZZ_SEED replays a run.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { INPUTLESS_ACTIONS, type Requirement } from "@/lib/auth/action-permissions";
import { MAX_ACTION_NESTING } from "@/lib/http/action-body";
import { ROLES } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import {
  actionAnswer,
  actionRequirement,
  allowed,
  builtActions,
  callAction,
  fillSegments,
  NO_SUCH_ID,
  registeredRoutes,
  ROLE_ACCOUNTS,
  signedIn,
} from "./build-manifest";
import { auditSince, changedTables, changesRecorded, snapshot, type Snapshot } from "./database";
import { expect, test } from "./fixtures";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
// A new seed each day (the same in every worker process of a run), reported on failure and in the annotations.
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Date.now() / 86_400_000));

/** The field names the app's zod schemas use, so payloads reach past the first "expected an object". */
function schemaFieldNames(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync("lib/validation").filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    for (const match of readFileSync(`lib/validation/${file}`, "utf8").matchAll(
      /^\s+(\w+):\s*(?:z\.|uuidSchema|isoDateSchema|[a-z]\w*Schema|text\(|requiredText\(|optionalText\()/gm,
    ))
      names.add(match[1]);
  }
  return [...names].sort();
}

const FIELDS = [...schemaFieldNames(), "__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];

const NASTY_STRINGS = [
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "not-a-uuid",
  NO_SUCH_ID,
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  `'; drop table "Patient"; --`,
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "\u0000",
  "\uD800",
  "\u202Eevil",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧪 ñ ﷽",
  "$K1",
  "$@0",
  "9999999999",
  "943 476 5919",
  "2026-02-30",
  "0000-00-00",
  "31/12/1899",
  "25:61",
  '=HYPERLINK("http://x")',
  "x".repeat(100_000),
];

const scalar = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 31), 1e308),
  fc.boolean(),
  fc.constant(null),
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie("value"), { maxKeys: 6 }),
  ),
}));

function nested(depth: number, leaf: unknown): unknown {
  let current = leaf;
  for (let i = 0; i < depth; i++) current = i % 2 ? [current] : { rows: current };
  return current;
}

/** Arguments an action might be called with: as React would encode them, or raw bodies that are not valid encodings. */
const actionPayload = fc.oneof(
  fc.array(value, { maxLength: 3 }).map((args) => ({ args })),
  fc.dictionary(fc.constantFrom(...FIELDS), value, { minKeys: 1, maxKeys: 10 }).map((input) => ({ args: [input] })),
  // Deeper than MAX_ACTION_NESTING is refused by the proxy before the action (MALFORMED_PROTOCOL below).
  fc.tuple(fc.integer({ min: 20, max: MAX_ACTION_NESTING - 2 }), scalar).map(([depth, leaf]) => ({ args: [nested(depth, leaf)] })),
  fc.dictionary(fc.constantFrom(...FIELDS), fc.constantFrom(...NASTY_STRINGS), { minKeys: 1, maxKeys: 6 }).map((fields) => {
    // A form post, as the form-bound actions receive.
    const form = new FormData();
    form.set("0", '["$K1"]');
    for (const [key, v] of Object.entries(fields)) form.append(`1_${key}`, v);
    return { form };
  }),
  fc
    .constantFrom(
      '[{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}]',
      '[{"appointmentId":{"__proto__":{"length":1}},"answers":{"__proto__":[3,3,3,3]}}]',
    )
    .map((raw) => ({ raw })),
);

/** Raw bodies that are not a valid action encoding at all: the proxy or Next.js refuses them before the action runs. */
const MALFORMED_PROTOCOL = [
  "not json",
  '{"a":',
  "[",
  "[{",
  "",
  '["$Q0"]',
  '["$@0"]',
  "\u0000\u0001",
  "[1,2,3]]",
  JSON.stringify([nested(1500, 0)]),
  `[${"[".repeat(5000)}${"]".repeat(5000)}]`,
];

type Answer = { status: number; body: string };

/** What no answer may be: a server error, or an unexpected failure with a reference. */
function unexpected(answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (/"code":"ERROR"/.test(answer.body) || /Something went wrong/.test(answer.body)) return "an unexpected error";
  return null;
}

const contexts = new Map<Role, APIRequestContext>();

async function asRole(baseURL: string, role: Role): Promise<APIRequestContext> {
  if (!contexts.has(role)) contexts.set(role, await signedIn(baseURL, ROLE_ACCOUNTS[role]));
  return contexts.get(role)!;
}

function roleFor(requirement: Requirement): Role {
  return ROLES.find((role) => allowed(role, requirement)) ?? "CLINIC_LEAD";
}

test.afterAll(async () => {
  for (const context of contexts.values()) await context.dispose();
});

async function expectUnchanged(before: Snapshot, label: string): Promise<void> {
  expect.soft(changedTables(before, await snapshot()), `${label}: tables changed`).toEqual([]);
  expect.soft(changesRecorded(await auditSince(before)), `${label}: changes recorded`).toEqual([]);
}

test(`every server action answers random and malformed payloads with a typed refusal`, async ({ baseURL }) => {
  test.setTimeout(150_000);
  test.info().annotations.push({ type: "FUZZ_SEED", description: String(SEED) });
  const failures: string[] = [];
  for (const action of builtActions()) {
    const requirement = actionRequirement(action.key);
    // Unregistered actions are named by access-matrix.spec.ts; input-less ones take no payload to fuzz.
    if (!requirement || INPUTLESS_ACTIONS.has(action.key)) continue;
    const context = await asRole(baseURL!, roleFor(requirement));
    const before = await snapshot();
    const details = await fc.check(
      fc.asyncProperty(actionPayload, async (payload) => {
        const response = await callAction(context, action.id, "args" in payload ? payload.args : payload);
        const answer = { status: response.status(), body: await response.text() };
        const problem = unexpected(answer);
        if (problem) throw new Error(`${problem}: ${answer.body.slice(0, 300)}`);
        // A valid encoding reaches the action, which answers for itself.
        if (!("raw" in payload) && !actionAnswer(answer.body)) throw new Error(`no answer from the action: ${answer.body.slice(0, 300)}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (details.failed) {
      failures.push(
        `${action.key}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)} for ${JSON.stringify(details.counterexample)?.slice(0, 300)}`,
      );
    }
    for (const raw of MALFORMED_PROTOCOL) {
      const response = await callAction(context, action.id, { raw });
      const body = await response.text();
      const problem = unexpected({ status: response.status(), body });
      if (problem) failures.push(`${action.key} with body ${JSON.stringify(raw)}: ${problem}`);
      expect.soft(body, `${action.key} with body ${JSON.stringify(raw)}`).not.toContain('"ok":true');
    }
    await expectUnchanged(before, action.key);
  }
  expect(failures, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
});

const formFields = fc.dictionary(fc.constantFrom(...FIELDS, "file"), fc.constantFrom(...NASTY_STRINGS), { maxKeys: 8 });

/** Route requests: form posts of nonsense fields, files that are not CSV lists, raw bodies of any type. */
const routeBody = fc.oneof(
  formFields.map((fields) => ({ form: fields as Record<string, string> })),
  fc
    .tuple(
      fc.string({ maxLength: 40 }).filter((name) => !/\.csv$/i.test(name.trim())),
      fc.uint8Array({ maxLength: 2000 }),
      formFields,
    )
    .map(([name, bytes, fields]) => ({ multipart: { ...fields, file: { name: name || "x", mimeType: "text/csv", buffer: Buffer.from(bytes) } } })),
  fc
    .tuple(
      fc.constantFrom(
        "application/json",
        "text/plain",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/x-www-form-urlencoded",
        "image/png",
        "",
      ),
      fc.string({ unit: "binary", maxLength: 500 }),
    )
    .map(([contentType, data]) => ({ raw: { contentType, data } })),
);

test(`every route handler answers random and malformed requests with a 4xx or its normal answer`, async ({ baseURL }) => {
  test.setTimeout(120_000);
  test.info().annotations.push({ type: "FUZZ_SEED", description: String(SEED) });
  const failures: string[] = [];
  // next-auth's own endpoints are left out: random sign-ins would trip the sign-in throttle for the whole suite.
  for (const route of registeredRoutes().filter((r) => r.requirement !== "public")) {
    const context = await asRole(baseURL!, roleFor(route.requirement));
    const before = await snapshot();
    const segment = fc.oneof(fc.constantFrom(...NASTY_STRINGS.map((s) => s.slice(0, 2000))), fc.string({ maxLength: 60 }));
    const details = await fc.check(
      fc.asyncProperty(segment, routeBody, async (id, body) => {
        const path = fillSegments(route.path, encodeURIComponent(id) || "%20");
        const options =
          route.method === "GET"
            ? {}
            : "form" in body
              ? { form: body.form }
              : "multipart" in body
                ? { multipart: body.multipart }
                : { headers: { "Content-Type": body.raw.contentType }, data: body.raw.data };
        const response = await context.fetch(path, { method: route.method, maxRedirects: 0, ...options });
        const answer = { status: response.status(), body: await response.text() };
        const problem = unexpected(answer);
        if (problem) throw new Error(`${problem}: ${answer.body.slice(0, 300)}`);
        if (answer.status >= 400 && !/"code":"[A-Z_]+"/.test(answer.body) && answer.status !== 404) {
          throw new Error(`a ${answer.status} without a typed error: ${answer.body.slice(0, 200)}`);
        }
      }),
      { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
    );
    if (details.failed) {
      failures.push(
        `${route.key}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)} for ${JSON.stringify(details.counterexample)?.slice(0, 300)}`,
      );
    }
    await expectUnchanged(before, route.key);
  }
  expect(failures, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
});
