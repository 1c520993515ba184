/**
 * Every server action and route handler in the build, sent random and
 * malformed payloads (fast-check) as a role allowed to use it: wrong types,
 * huge strings, deep nesting, unicode, prototype-pollution keys, ids that are
 * not ids or match nothing, missing fields, the field names of the app's own
 * schemas with nonsense in them. Each answer must be a validation message or
 * another typed refusal (or a 4xx from a route), never a 500 nor the
 * "something went wrong" reference; and the database must be unchanged.
 *
 * A patient's link actions are fuzzed as the patient: on a link of the spec's
 * own patient, opened with the date of birth, each called with the link's token
 * bound first (as its page's forms call it) and random fields after it, and
 * with random tokens; the date-of-birth check on a second link of its own, as a
 * wrong date of birth counts a try and may lock that link.
 *
 * FUZZ_RUNS (default 10) bounds the runs per action; FUZZ_SEED replays a run.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import fc from "fast-check";
import { INPUTLESS_ACTIONS, type Requirement } from "@/lib/auth/action-permissions";
import { MAX_ACTION_NESTING } from "@/lib/http/action-body";
import { ROLES } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/generated/enums";
import {
  actionAnswer,
  actionRequirement,
  allowed,
  encodeReply,
  builtActions,
  callAction,
  fillSegments,
  NO_SUCH_ID,
  registeredRoutes,
  ROLE_ACCOUNTS,
  signedIn,
} from "./build-manifest";
import { patientDobSchema, patientPreparationSchema, patientSlotChoiceSchema } from "@/lib/validation/patient-links";
import { auditSince, changedTables, changesRecorded, snapshot, withDatabase, type Snapshot } from "./database";
import { expect, test } from "./fixtures";
import { addOwnFutureSlot, addOwnPatient, newPatientLink, openedLink, secondPcnArrivalCode } from "./patient-link-session";

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

type Payload = { args: unknown[] } | { form: FormData } | { raw: string };

/**
 * A form post, as the form-bound actions receive: the form's fields (part 1), then the arguments (part 0) naming
 * it after any bound ones. Part 0 comes last, as React sends it: the server reads the body as it streams and
 * resolves the arguments when part 0 arrives, so fields after it would not be in the form the action gets.
 */
function asForm(fields: Record<string, string>): Payload {
  const form = new FormData();
  for (const [key, v] of Object.entries(fields)) form.append(`_1_${key}`, v);
  form.set("0", '["$K1"]');
  return { form };
}

/** Arguments an action might be called with: as React would encode them, or raw bodies that are not valid encodings. */
const actionPayload: fc.Arbitrary<Payload> = fc.oneof(
  fc.array(value, { maxLength: 3 }).map((args) => ({ args })),
  fc.dictionary(fc.constantFrom(...FIELDS), value, { minKeys: 1, maxKeys: 10 }).map((input) => ({ args: [input] })),
  // Deeper than MAX_ACTION_NESTING is refused by the proxy before the action (MALFORMED_PROTOCOL below).
  fc.tuple(fc.integer({ min: 20, max: MAX_ACTION_NESTING - 2 }), scalar).map(([depth, leaf]) => ({ args: [nested(depth, leaf)] })),
  fc.dictionary(fc.constantFrom(...FIELDS), fc.constantFrom(...NASTY_STRINGS), { minKeys: 1, maxKeys: 6 }).map(asForm),
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

/** What a call may legitimately change: tables, and audit actions recording a change. Nothing, for a refusal. */
type Legit = { tables: readonly string[]; audit: readonly string[] };
const NOTHING: Legit = { tables: [], audit: [] };

async function expectUnchanged(before: Snapshot, label: string, legit: Legit = NOTHING): Promise<void> {
  expect
    .soft(
      changedTables(before, await snapshot()).filter((t) => !legit.tables.includes(t)),
      `${label}: tables changed`,
    )
    .toEqual([]);
  expect
    .soft(
      changesRecorded(await auditSince(before)).filter((a) => !legit.audit.includes(a)),
      `${label}: changes recorded`,
    )
    .toEqual([]);
}

type ActionReply = NonNullable<ReturnType<typeof actionAnswer>>;

/** The action's answer: its own result row, or a redirect (how the patient's actions answer a success). */
function replyOf(response: APIResponse, body: string): ActionReply | null {
  if (response.headers()["x-action-redirect"] || (response.status() >= 300 && response.status() < 400)) return { ok: true };
  return actionAnswer(body);
}

/**
 * Calls one action with random payloads (fast-check) and then with each malformed body; `check` may refuse an
 * answer the action gave. Returns what went wrong, for the test's one list of failures.
 */
async function fuzzAction(
  key: string,
  payloads: fc.Arbitrary<Payload>,
  call: (payload: Payload) => Promise<APIResponse>,
  check: (reply: ActionReply) => string | null = () => null,
  runs = RUNS,
): Promise<string[]> {
  const failures: string[] = [];
  const details = await fc.check(
    fc.asyncProperty(payloads, async (payload) => {
      const response = await call(payload);
      const answer = { status: response.status(), body: await response.text() };
      const problem = unexpected(answer);
      if (problem) throw new Error(`${problem}: ${answer.body.slice(0, 300)}`);
      if ("raw" in payload) return;
      // A valid encoding reaches the action, which answers for itself.
      const reply = replyOf(response, answer.body);
      if (!reply) throw new Error(`no answer from the action: ${answer.body.slice(0, 300)}`);
      const refused = check(reply);
      if (refused) throw new Error(refused);
    }),
    { numRuns: runs, seed: SEED, endOnFailure: true },
  );
  if (details.failed) {
    failures.push(
      `${key}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)} for ${JSON.stringify(details.counterexample)?.slice(0, 300)}`,
    );
  }
  for (const raw of MALFORMED_PROTOCOL) {
    const response = await call({ raw });
    const body = await response.text();
    const problem = unexpected({ status: response.status(), body });
    if (problem) failures.push(`${key} with body ${JSON.stringify(raw)}: ${problem}`);
    expect.soft(body, `${key} with body ${JSON.stringify(raw)}`).not.toContain('"ok":true');
  }
  return failures;
}

test(`every server action answers random and malformed payloads with a typed refusal`, async ({ baseURL }) => {
  test.setTimeout(150_000);
  test.info().annotations.push({ type: "FUZZ_SEED", description: String(SEED) });
  const failures: string[] = [];
  for (const action of builtActions()) {
    const requirement = actionRequirement(action.key);
    // Unregistered actions are named by access-matrix.spec.ts; input-less ones take no payload to fuzz; a patient's
    // link actions are fuzzed as the patient, below.
    if (!requirement || requirement === "patient-link" || INPUTLESS_ACTIONS.has(action.key)) continue;
    const context = await asRole(baseURL!, roleFor(requirement));
    const before = await snapshot();
    failures.push(
      ...(await fuzzAction(action.key, actionPayload, (payload) => callAction(context, action.id, "args" in payload ? payload.args : payload))),
    );
    await expectUnchanged(before, action.key);
  }
  expect(failures, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------------
// A patient's link (requirement "patient-link").

/** The fields of the patient pages' forms: the date of birth, the time chosen, the checklist and the PHQ-4 (q1–q4). */
const PREPARATION_ITEMS = Object.keys(patientPreparationSchema.shape).filter((k) => k !== "accessNeeds");
const PATIENT_FIELDS = [
  ...Object.keys(patientDobSchema.shape),
  ...Object.keys(patientSlotChoiceSchema.shape),
  ...Object.keys(patientPreparationSchema.shape),
  "q1",
  "q2",
  "q3",
  "q4",
];

/** The spec's patient's date of birth: no well-formed date below is it (so no random call opens the second link). */
const FUZZ_DOB = "1944-08-27";

const patientValue = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom("0", "1", "2", "3", "4", "12", "13", "31", "32", "1899", "1900", "2100", "2101", "yes", "on", "no", "true", "3.0", " 2"),
  fc.integer({ min: -1, max: 2101 }).map(String),
);
const answer = fc.constantFrom("0", "1", "2", "3");

/** A date of birth as the form sends it, well-formed but wrong (a try counted on the link). */
const wrongDob = fc
  .record({ day: fc.integer({ min: 1, max: 31 }), month: fc.integer({ min: 1, max: 12 }), year: fc.integer({ min: 1900, max: 2100 }) })
  .filter(({ day, month, year }) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` !== FUZZ_DOB)
  .map(({ day, month, year }) => ({ day: String(day), month: String(month), year: String(year) }));

/** What the patient pages' forms send, well-formed: the actions may accept these (their legitimate effects below). */
const wellFormed = fc.oneof(
  wrongDob,
  fc.record({ q1: answer, q2: answer, q3: answer, q4: answer }),
  fc
    .record({
      // Kept in the preparation call's notes: the strings staff fields refuse too (a null byte, a direction override).
      accessNeeds: fc.oneof(
        fc.constantFrom("", "A wheelchair space", "x".repeat(500)),
        fc.constantFrom(...NASTY_STRINGS.filter((v) => v.length <= 500)),
      ),
    })
    .map((rest) => ({
      ...Object.fromEntries(PREPARATION_ITEMS.map((k) => [k, "yes"])),
      ...rest,
    })),
);

/** The staff fuzz's payloads, and the patient forms' own fields with nonsense, near-misses and well-formed values. */
const patientPayload: fc.Arbitrary<Payload> = fc.oneof(
  actionPayload,
  fc.dictionary(fc.constantFrom(...PATIENT_FIELDS, ...FIELDS), patientValue, { minKeys: 1, maxKeys: 10 }).map(asForm),
  fc.dictionary(fc.constantFrom(...PATIENT_FIELDS), fc.oneof(patientValue, value), { minKeys: 1, maxKeys: 10 }).map((input) => ({ args: [input] })),
  wellFormed.map(asForm),
);

/** The payload with the link's token bound first, as the page's forms call the action (React sends bound arguments first). */
function bound(token: unknown, payload: Payload): unknown[] | { form: FormData } | { raw: string } {
  if ("args" in payload) return [token, ...payload.args];
  const first = encodeReply([token]).slice(1, -1);
  if ("form" in payload) {
    const form = new FormData();
    for (const [key, v] of payload.form.entries()) if (key !== "0") form.append(key, v);
    form.set("0", `[${first},"$K1"]`);
    return { form };
  }
  // A body that is a JSON array gets the token first too; the rest are malformed as they are.
  const raw = payload.raw.trim();
  try {
    if (Array.isArray(JSON.parse(raw))) return { raw: raw === "[]" ? `[${first}]` : `[${first},${raw.slice(1)}` };
  } catch {
    // Not JSON: sent as it is.
  }
  return payload;
}

/** A token that is not the link's: malformed, another type, well-formed but unknown, or nearly the link's. */
function otherTokens(token: string): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
      fc.constantFrom(token.slice(0, -1), `${token}A`, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, token.toUpperCase(), ` ${token}`),
      fc.constantFrom(...NASTY_STRINGS),
      scalar,
      value,
    )
    .filter((t) => t !== token);
}

/**
 * Which state of the link reaches deepest into each patient action, and what a well-formed payload may change
 * there. "no appointment": booking (a random slot id is never a free slot) and cancelling (it takes no input: with
 * an appointment any call would cancel it). "booked" (a morning time of the spec's own, tomorrow or later): moving
 * (random slot ids are refused), preparing and the PHQ-4 at home (a well-formed checklist or answers are kept), and
 * checking in (not on the day, so refused). "dob": the date of birth, on a second link, as wrong dates count.
 */
const PATIENT_ACTIONS: Record<string, { state: "no appointment" | "booked" | "dob" | "arrival code"; legit: Legit }> = {
  bookTimeAction: { state: "no appointment", legit: NOTHING },
  cancelTimeAction: { state: "no appointment", legit: NOTHING },
  moveTimeAction: { state: "booked", legit: NOTHING },
  prepareAction: { state: "booked", legit: { tables: ["PreparationCall"], audit: ["patient.link.prepare"] } },
  answerPhq4Action: { state: "booked", legit: { tables: ["HomePhq4Response"], audit: ["patient.link.phq4"] } },
  checkInAction: { state: "booked", legit: NOTHING },
  confirmDobAction: { state: "dob", legit: NOTHING },
  // The desk's check-in code: a code of its own (no link); a wrong answer counts on the code and is audited.
  arriveAction: { state: "arrival code", legit: NOTHING },
};

type ThrottleRow = { key: string; windowStart: Date; failures: number; lastAttemptAt: Date };

/** The date-of-birth allowance of this machine's address (SignInThrottle rows "patient-link:<ip>"), to put back after. */
async function patientLinkThrottle(): Promise<ThrottleRow[]> {
  return withDatabase(
    async (client) =>
      (
        await client.query<ThrottleRow>(
          `select "key", "windowStart", "failures", "lastAttemptAt" from "SignInThrottle" where "key" like 'patient-link:%'`,
        )
      ).rows,
  );
}

async function restoreThrottle(rows: ThrottleRow[]): Promise<void> {
  await withDatabase(async (client) => {
    await client.query(`delete from "SignInThrottle" where "key" like 'patient-link:%'`);
    for (const row of rows) {
      await client.query(`insert into "SignInThrottle" ("key", "windowStart", "failures", "lastAttemptAt") values ($1, $2, $3, $4)`, [
        row.key,
        row.windowStart,
        row.failures,
        row.lastAttemptAt,
      ]);
    }
  });
}

/** Every link's row, but a link's count of wrong dates of birth and its lock: what a wrong date may change. */
async function linksBesidesTries(): Promise<string[]> {
  return withDatabase(async (client) =>
    (
      await client.query<{ row: string }>(`select (to_jsonb(l) - 'failedDobAttempts' - 'lockedAt')::text as row from "PatientLink" l order by l."id"`)
    ).rows.map((r) => r.row),
  );
}

test(`a patient's link actions answer random and malformed payloads and tokens with a typed refusal, as the patient`, async ({
  baseURL,
  browser,
}) => {
  test.setTimeout(120_000);
  test.info().annotations.push({ type: "FUZZ_SEED", description: String(SEED) });
  const actions = builtActions().filter((a) => actionRequirement(a.key) === "patient-link");
  const name = (a: { key: string }) => a.key.slice(a.key.indexOf("#") + 1);
  expect(
    actions.map(name).filter((n) => !(n in PATIENT_ACTIONS)),
    "patient actions without a state to fuzz in: add them to PATIENT_ACTIONS",
  ).toEqual([]);
  const byState = (state: string) => actions.filter((a) => PATIENT_ACTIONS[name(a)].state === state);

  // A patient of the spec's own (test number 962), with one link to act through and another for the date of birth.
  const patient = await addOwnPatient(962, { given: "Fuzzy", family: "Linkfield" }, FUZZ_DOB);
  const token = await newPatientLink(patient.id);
  const dobToken = await newPatientLink(patient.id);
  const throttle = await patientLinkThrottle();
  const context = await openedLink(browser, baseURL!, token, patient);
  const path = `/p/${token}`;
  const failures: string[] = [];
  try {
    /** Fuzzes an action on the link: every answer typed, and some past the link's own check (the fuzz reached the body). */
    const fuzzOnLink = async (action: { id: string; key: string }, linkToken: string, payloads: fc.Arbitrary<Payload>) => {
      const codes = new Set<string>();
      const before = await snapshot();
      failures.push(
        ...(await fuzzAction(
          action.key,
          payloads,
          (payload) => callAction(context, action.id, bound(linkToken, payload), path),
          (reply) => {
            codes.add(reply.ok ? "ok" : String(reply.code));
            return reply.ok && PATIENT_ACTIONS[name(action)].legit === NOTHING ? "a random payload was accepted" : null;
          },
        )),
      );
      expect
        .soft(
          [...codes].filter((c) => c !== "UNAUTHENTICATED"),
          `${action.key}: answers past the link's check`,
        )
        .not.toEqual([]);
      return before;
    };

    for (const action of byState("no appointment")) {
      const before = await fuzzOnLink(action, token, patientPayload);
      await expectUnchanged(before, action.key);
    }

    // A morning time of the spec's own, booked through the link as the page books it.
    const book = actions.find((a) => name(a) === "bookTimeAction")!;
    const slotId = await addOwnFutureSlot(96);
    const booked = await callAction(context, book.id, bound(token, asForm({ slotId })), path);
    expect(replyOf(booked, await booked.text()), "the spec's own time booked through the link").toEqual({ ok: true });

    for (const action of byState("booked")) {
      const before = await fuzzOnLink(action, token, patientPayload);
      await expectUnchanged(before, action.key, PATIENT_ACTIONS[name(action)].legit);
    }

    // The date of birth on the second link: a wrong one counts a try there and the fifth locks it; nothing else
    // changes (the address's allowance is put back below), and only the link's own events are recorded.
    for (const action of byState("dob")) {
      const links = await linksBesidesTries();
      const before = await fuzzOnLink(action, dobToken, fc.oneof(patientPayload, wrongDob.map(asForm)));
      expect
        .soft(
          changedTables(before, await snapshot()).filter((t) => t !== "PatientLink"),
          `${action.key}: tables changed`,
        )
        .toEqual([]);
      expect.soft(await linksBesidesTries(), `${action.key}: links changed beyond the count of tries`).toEqual(links);
      const events = await auditSince(before);
      expect.soft(changesRecorded(events), `${action.key}: changes recorded`).toEqual([]);
      expect
        .soft(
          events.map((e) => e.action).filter((a) => !a.startsWith("patient.link.")),
          `${action.key}: other events`,
        )
        .toEqual([]);
    }

    // The desk's check-in code (second PCN's day today): random answers check nobody in; only the code's count of
    // failed tries and the address's allowance change, and only arrival events are recorded. Any other code is refused.
    for (const action of byState("arrival code")) {
      const code = await secondPcnArrivalCode();
      const arrivePath = `/p/arrive/${code}`;
      const before = await snapshot();
      const answers = fc.oneof(
        patientPayload,
        fc.record({ day: answer, month: answer, year: fc.constant("1950"), initial: fc.constantFrom("A", "Z", "é", "1", "") }).map(asForm),
      );
      failures.push(
        ...(await fuzzAction(
          action.key,
          answers,
          (payload) => callAction(context, action.id, bound(code, payload), arrivePath),
          (reply) => (reply.ok ? "a random answer checked someone in" : null),
        )),
      );
      failures.push(
        ...(await fuzzAction(
          `${action.key} with another code`,
          fc.tuple(otherTokens(code), patientPayload).map(([other, payload]): Payload => {
            const call = bound(other, payload);
            return Array.isArray(call) ? { args: call } : call;
          }),
          (payload) => callAction(context, action.id, "args" in payload ? payload.args : payload, arrivePath),
          (reply) => (reply.ok ? "another code was accepted" : null),
        )),
      );
      expect
        .soft(
          changedTables(before, await snapshot()).filter((t) => t !== "ClinicDayArrivalCode"),
          `${action.key}: tables changed`,
        )
        .toEqual([]);
      const events = await auditSince(before);
      expect.soft(changesRecorded(events), `${action.key}: changes recorded`).toEqual([]);
      expect
        .soft(
          events.map((e) => e.action).filter((a) => !a.startsWith("patient.arrive.")),
          `${action.key}: other events`,
        )
        .toEqual([]);
    }

    // Any token but the link's, with the link's session cookie: refused before anything is read or counted (the
    // second link's token too, but not to the date of birth, where it would count a try).
    for (const action of actions.filter((a) => PATIENT_ACTIONS[name(a)].state !== "arrival code")) {
      const before = await snapshot();
      const tokens = name(action) === "confirmDobAction" ? otherTokens(token) : fc.oneof(otherTokens(token), fc.constant(dobToken));
      const details = await fc.check(
        fc.asyncProperty(tokens, patientPayload, async (other, payload) => {
          const response = await callAction(context, action.id, bound(other, payload), path);
          const answer = { status: response.status(), body: await response.text() };
          const problem = unexpected(answer);
          if (problem) throw new Error(`${problem}: ${answer.body.slice(0, 300)}`);
          if ("raw" in payload) return;
          const reply = replyOf(response, answer.body);
          if (reply?.ok !== false) throw new Error(`not refused: ${answer.body.slice(0, 300)}`);
          if (name(action) !== "confirmDobAction" && reply.code !== "UNAUTHENTICATED") throw new Error(`refused as ${reply.code}: ${reply.message}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      if (details.failed) {
        failures.push(
          `${action.key} with another token: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)} for ${JSON.stringify(details.counterexample)?.slice(0, 300)}`,
        );
      }
      await expectUnchanged(before, `${action.key} with another token`);
    }

    // The patient cancels the spec's time again, so no booking of the spec's is left for the specs after it.
    const cancel = actions.find((a) => name(a) === "cancelTimeAction")!;
    const cancelled = await callAction(context, cancel.id, bound(token, asForm({})), path);
    expect(replyOf(cancelled, await cancelled.text()), "the spec's own time cancelled through the link").toEqual({ ok: true });
  } finally {
    await context.dispose();
    await restoreThrottle(throttle);
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
