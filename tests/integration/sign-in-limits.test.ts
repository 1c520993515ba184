/**
 * Sign-in limits that cannot be gamed (issue 17, items 1, 3 and 4): the
 * account lockout counted atomically, whatever the concurrency; the
 * per-address limit slowing an address down instead of locking a network out;
 * and one bcrypt cost for real and unknown accounts, weaker hashes replaced
 * when their owner signs in.
 */
import bcrypt from "bcryptjs";
import { beforeAll, describe, expect, it } from "vitest";
import { BCRYPT_COST, dummyPasswordHash, hashPassword } from "@/lib/auth/password";
import { SIGN_IN_LIMITS, signIn } from "@/lib/auth/sessions";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, DEMO_PASSWORD } from "@/tests/helpers/factories";

let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
  await createOrganisation(t.db);
});

describe("the account lockout", () => {
  it("checks at most 5 passwords for 50 wrong ones sent at once", async () => {
    const email = "gp@example.nhs.uk";
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signIn(t.db, { email, password: `wrong-${i}` }, { ip: `198.51.100.${i}` })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    // Each password checked is audited as a failure; the others were refused before any check.
    const checked = await t.db.auditEvent.count({ where: { action: "auth.sign-in", outcome: "FAILURE", actorEmail: email } });
    const refused = await t.db.auditEvent.count({ where: { action: "auth.sign-in-locked", outcome: "DENIED", actorEmail: email } });
    expect(checked).toBe(SIGN_IN_LIMITS.perAccount);
    expect(refused).toBe(50 - SIGN_IN_LIMITS.perAccount);
    expect(results.filter((r) => !r.ok && r.locked)).toHaveLength(50 - SIGN_IN_LIMITS.perAccount);
    // The right password is refused too until the window has passed.
    expect(await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.200" })).toEqual({ ok: false, locked: true });
    const later = new Date(Date.now() + (SIGN_IN_LIMITS.windowMinutes + 1) * 60_000);
    expect((await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.200" }, undefined, later)).ok).toBe(true);
  });

  it("does not count a successful sign-in as a failure", async () => {
    const email = "therapist@example.nhs.uk";
    for (let i = 0; i < 4; i++) await signIn(t.db, { email, password: "wrong-password" }, { ip: "198.51.100.50" });
    for (let i = 0; i < 3; i++) expect((await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.51" })).ok).toBe(true);
    await signIn(t.db, { email, password: "wrong-password" }, { ip: "198.51.100.50" });
    expect(await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.51" })).toEqual({ ok: false, locked: true });
  });
});

describe("the per-address limit", () => {
  it("slows an address down after 20 failures instead of locking everyone behind it out", async () => {
    const ip = "203.0.113.40";
    const start = new Date();
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      expect(await signIn(t.db, { email: `nobody${i}@example.nhs.uk`, password: "x" }, { ip }, undefined, at(0))).toEqual({ ok: false });
    }
    // A colleague behind the same address, with the right password, is asked to wait, not locked out for 15 minutes.
    expect(await signIn(t.db, { email: "lead@example.nhs.uk", password: DEMO_PASSWORD }, { ip }, undefined, at(1))).toEqual({
      ok: false,
      slowed: true,
      retryAfterSeconds: SIGN_IN_LIMITS.addressDelaySeconds - 1,
    });
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign-in-slowed", ip, outcome: "DENIED" } })).toBe(1);
    const waited = await signIn(
      t.db,
      { email: "lead@example.nhs.uk", password: DEMO_PASSWORD },
      { ip },
      undefined,
      at(SIGN_IN_LIMITS.addressDelaySeconds + 1),
    );
    expect(waited.ok).toBe(true);
    // The address stays slowed while its failures are in the window: one attempt per interval.
    const next = await signIn(
      t.db,
      { email: "nobody0@example.nhs.uk", password: "x" },
      { ip },
      undefined,
      at(SIGN_IN_LIMITS.addressDelaySeconds + 2),
    );
    expect(next).toMatchObject({ ok: false, slowed: true });
    // Other addresses are not affected at all.
    expect((await signIn(t.db, { email: "reception@example.nhs.uk", password: DEMO_PASSWORD }, { ip: "203.0.113.41" }, undefined, at(2))).ok).toBe(
      true,
    );
  });
});

describe("password hashing", () => {
  it("checks unknown accounts against a hash of the current cost, the cost stored hashes have", async () => {
    expect(bcrypt.getRounds(await dummyPasswordHash())).toBe(BCRYPT_COST);
    const stored = await t.db.staffUser.findUniqueOrThrow({ where: { email: "buddy@example.nhs.uk" }, omit: { passwordHash: false } });
    expect(bcrypt.getRounds(stored.passwordHash!)).toBe(BCRYPT_COST);
  });

  it("replaces a weaker hash when its owner signs in, and only then", async () => {
    const email = "gp2@example.nhs.uk";
    const weak = await hashPassword(DEMO_PASSWORD, 10);
    await t.db.staffUser.update({ where: { email }, data: { passwordHash: weak } });
    expect(await signIn(t.db, { email, password: "wrong-password" }, { ip: "198.51.100.90" })).toEqual({ ok: false });
    const unchanged = await t.db.staffUser.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(unchanged.passwordHash).toBe(weak);

    expect((await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.90" })).ok).toBe(true);
    const rehashed = await t.db.staffUser.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(bcrypt.getRounds(rehashed.passwordHash!)).toBe(BCRYPT_COST);
    expect(await bcrypt.compare(DEMO_PASSWORD, rehashed.passwordHash!)).toBe(true);
    expect((await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "198.51.100.90" })).ok).toBe(true);
  });
});
