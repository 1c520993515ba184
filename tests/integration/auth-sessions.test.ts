import { beforeAll, describe, expect, it } from "vitest";
import { endAllSessions, endSession, resolveSession, signIn } from "@/lib/auth/sessions";
import { setStaffActive } from "@/lib/services/staff/set-staff-active";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, DEMO_PASSWORD, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
});

const request = { ip: "127.0.0.9", userAgent: "vitest" };

async function signInAs(email: string) {
  const result = await signIn(t.db, { email, password: DEMO_PASSWORD }, request);
  if (!result.ok) throw new Error(`sign-in failed for ${email}`);
  return result;
}

describe("sign-in", () => {
  it("opens a session for the right password and audits it", async () => {
    const result = await signIn(t.db, { email: "  Reception@Example.NHS.uk ", password: DEMO_PASSWORD }, request);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.roles).toEqual(["RECEPTION"]);
    const check = await resolveSession(t.db, result.sessionId);
    expect(check.ok && check.actor.email).toBe("reception@example.nhs.uk");
    const events = await t.db.auditEvent.findMany({ where: { action: "auth.sign-in", actorId: result.user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "SUCCESS", ip: "127.0.0.9", entityId: result.sessionId });
  });

  it("refuses a wrong password or an unknown account the same way, and audits both", async () => {
    const wrong = await signIn(t.db, { email: "gp@example.nhs.uk", password: "not-the-password" }, request);
    const unknown = await signIn(t.db, { email: "nobody@example.nhs.uk", password: DEMO_PASSWORD }, request);
    expect(wrong).toEqual({ ok: false });
    expect(unknown).toEqual({ ok: false });
    const failures = await t.db.auditEvent.findMany({ where: { action: "auth.sign-in", outcome: "FAILURE" }, orderBy: { id: "asc" } });
    expect(failures.map((f) => f.actorEmail)).toEqual(expect.arrayContaining(["gp@example.nhs.uk", "nobody@example.nhs.uk"]));
    expect(failures.find((f) => f.actorEmail === "gp@example.nhs.uk")?.actorId).toBe(org.staff.gp.id);
  });

  it("refuses malformed input without touching the database", async () => {
    const before = await t.db.authSession.count();
    expect(await signIn(t.db, { email: 42, password: null })).toEqual({ ok: false });
    expect(await signIn(t.db, "nonsense")).toEqual({ ok: false });
    expect(await t.db.authSession.count()).toBe(before);
  });
});

describe("sessions are checked against the database on every request", () => {
  it("refuses a deactivated user's existing session on the next request", async () => {
    const therapist = await signInAs("therapist@example.nhs.uk");
    expect((await resolveSession(t.db, therapist.sessionId)).ok).toBe(true);
    await setStaffActive({ db: t.db, actor: org.staff.lead }, { staffId: org.staff.therapist.id, active: false });
    expect(await resolveSession(t.db, therapist.sessionId)).toEqual({ ok: false, reason: "ended" });
    expect(await signIn(t.db, { email: "therapist@example.nhs.uk", password: DEMO_PASSWORD })).toEqual({ ok: false });
  });

  it("refuses a session whose user was deactivated even if the row was left open", async () => {
    const gp2 = await signInAs("gp2@example.nhs.uk");
    await t.db.staffUser.update({ where: { id: org.staff.gp2.id }, data: { active: false } });
    expect(await resolveSession(t.db, gp2.sessionId)).toEqual({ ok: false, reason: "deactivated" });
    await t.db.staffUser.update({ where: { id: org.staff.gp2.id }, data: { active: true } });
  });

  it("ends every session of a user at once", async () => {
    const a = await signInAs("buddy@example.nhs.uk");
    const b = await signInAs("buddy@example.nhs.uk");
    await endAllSessions(t.db, org.staff.buddy.id, org.staff.buddy);
    expect((await resolveSession(t.db, a.sessionId)).ok).toBe(false);
    expect((await resolveSession(t.db, b.sessionId)).ok).toBe(false);
    const c = await signInAs("buddy@example.nhs.uk");
    expect((await resolveSession(t.db, c.sessionId)).ok).toBe(true);
  });

  it("ends one session on sign-out and audits it", async () => {
    const s = await signInAs("lead@example.nhs.uk");
    await endSession(t.db, s.sessionId, request);
    expect(await resolveSession(t.db, s.sessionId)).toEqual({ ok: false, reason: "ended" });
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign-out", entityId: s.sessionId } })).toBe(1);
  });

  it("ends a session after the idle limit and at its absolute lifetime", async () => {
    const s = await signInAs("gp@example.nhs.uk");
    const limits = { idleMinutes: 30, maxHours: 12 };
    const in29 = new Date(Date.now() + 29 * 60_000);
    expect((await resolveSession(t.db, s.sessionId, limits, in29)).ok).toBe(true);
    // The check above counted as activity, so idle time runs from then.
    const idle = new Date(in29.getTime() + 31 * 60_000);
    expect(await resolveSession(t.db, s.sessionId, limits, idle)).toEqual({ ok: false, reason: "idle" });

    const s2 = await signInAs("gp@example.nhs.uk");
    const past = new Date(Date.now() + 12 * 3_600_000 + 1000);
    expect(await resolveSession(t.db, s2.sessionId, { idleMinutes: 24 * 60, maxHours: 12 }, past)).toEqual({ ok: false, reason: "expired" });
  });

  it("treats a missing or forged session id as no session", async () => {
    expect(await resolveSession(t.db, undefined)).toEqual({ ok: false, reason: "missing" });
    expect(await resolveSession(t.db, "'; drop table x; --")).toEqual({ ok: false, reason: "missing" });
    expect(await resolveSession(t.db, "0190a0a0-0000-7000-8000-000000000000")).toEqual({ ok: false, reason: "missing" });
  });
});

describe("sign-in throttling", () => {
  it("locks an account after 5 failures in 15 minutes, even for the right password, and audits the lock", async () => {
    const email = "buddy2@example.nhs.uk";
    for (let i = 0; i < 5; i++) expect(await signIn(t.db, { email, password: "wrong-password" }, { ip: `10.0.0.${i}` })).toEqual({ ok: false });
    expect(await signIn(t.db, { email, password: DEMO_PASSWORD }, { ip: "10.0.1.1" })).toEqual({ ok: false, locked: true });
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign-in-locked", actorEmail: email, outcome: "DENIED" } })).toBe(1);
    // Other accounts are unaffected.
    expect((await signIn(t.db, { email: "gp2@example.nhs.uk", password: DEMO_PASSWORD }, { ip: "10.0.1.1" })).ok).toBe(true);
  });

  it("slows an address down after 20 failures across accounts (tests/integration/sign-in-limits.test.ts has the rest)", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 20; i++) await signIn(t.db, { email: `nobody${i}@example.nhs.uk`, password: "x" }, { ip });
    expect(await signIn(t.db, { email: "lead@example.nhs.uk", password: DEMO_PASSWORD }, { ip })).toMatchObject({ ok: false, slowed: true });
    expect((await signIn(t.db, { email: "lead@example.nhs.uk", password: DEMO_PASSWORD }, { ip: "192.0.2.78" })).ok).toBe(true);
  });
});
