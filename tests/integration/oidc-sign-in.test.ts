import { beforeAll, describe, expect, it } from "vitest";
import { endAllSessions, resolveSession, signIn, signInWithIdentityProvider, SIGN_IN_LIMITS } from "@/lib/auth/sessions";
import { setStaffActive } from "@/lib/services/staff/set-staff-active";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, DEMO_PASSWORD, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
});

const request = { ip: "127.0.0.8", userAgent: "vitest" };
const issuer = "https://login.example.nhs.uk";
const claims = (email: unknown, verified: { emailVerified?: unknown } = { emailVerified: true }) => ({
  issuer,
  subject: `sub-${String(email)}`,
  email,
  ...verified,
});

describe("signing in through an OpenID Connect identity provider", () => {
  it("matches a verified email to a member of staff, whatever its case, and opens the same kind of session", async () => {
    const result = await signInWithIdentityProvider(t.db, claims(" GP@Example.NHS.uk "), request);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toEqual({ id: org.staff.gp.id, name: org.staff.gp.name, email: "gp@example.nhs.uk" });
    const check = await resolveSession(t.db, result.sessionId);
    expect(check.ok && check.actor.id).toBe(org.staff.gp.id);

    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", entityId: result.sessionId } });
    expect(event).toMatchObject({
      outcome: "SUCCESS",
      actorId: org.staff.gp.id,
      ip: "127.0.0.8",
      details: { method: "oidc", issuer, subject: "sub- GP@Example.NHS.uk " },
    });

    // Sign out everywhere ends it like any other session.
    await endAllSessions(t.db, org.staff.gp.id, org.staff.gp);
    expect((await resolveSession(t.db, result.sessionId)).ok).toBe(false);
  });

  it("refuses an email with no account, and audits it as denied", async () => {
    expect(await signInWithIdentityProvider(t.db, claims("locum@example.nhs.uk"), request)).toEqual({ ok: false, reason: "unknown account" });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", actorEmail: "locum@example.nhs.uk" } });
    expect(event).toMatchObject({ outcome: "DENIED", actorId: null, details: { method: "oidc", issuer, reason: "unknown account" } });
    expect(await t.db.authSession.count({ where: { user: { email: "locum@example.nhs.uk" } } })).toBe(0);
  });

  it("refuses a deactivated member of staff, and ends their identity-provider session on deactivation", async () => {
    const before = await signInWithIdentityProvider(t.db, claims("therapist@example.nhs.uk"), request);
    if (!before.ok) throw new Error("expected a session");
    await setStaffActive({ db: t.db, actor: org.staff.lead }, { staffId: org.staff.therapist.id, active: false });
    expect((await resolveSession(t.db, before.sessionId)).ok).toBe(false);
    expect(await signInWithIdentityProvider(t.db, claims("therapist@example.nhs.uk"), request)).toEqual({ ok: false, reason: "account deactivated" });
    const denied = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", outcome: "DENIED", actorId: org.staff.therapist.id } });
    expect(denied.details).toMatchObject({ reason: "account deactivated" });
    await setStaffActive({ db: t.db, actor: org.staff.lead }, { staffId: org.staff.therapist.id, active: true });
  });

  it("refuses an email the provider has not verified, unless told the directory vouches for every address", async () => {
    expect(await signInWithIdentityProvider(t.db, claims("buddy@example.nhs.uk", { emailVerified: false }), request)).toEqual({
      ok: false,
      reason: "email not verified",
    });
    expect(await signInWithIdentityProvider(t.db, claims("buddy@example.nhs.uk", {}), request)).toEqual({ ok: false, reason: "email not verified" });
    const relaxed = { requireVerifiedEmail: false };
    expect((await signInWithIdentityProvider(t.db, claims("buddy@example.nhs.uk", {}), request, undefined, relaxed)).ok).toBe(true);
    // An explicit "not verified" is refused even then.
    expect(await signInWithIdentityProvider(t.db, claims("buddy@example.nhs.uk", { emailVerified: false }), request, undefined, relaxed)).toEqual({
      ok: false,
      reason: "email not verified",
    });
  });

  it("refuses a token without a usable email", async () => {
    expect(await signInWithIdentityProvider(t.db, claims(undefined), request)).toEqual({ ok: false, reason: "no email" });
    expect(await signInWithIdentityProvider(t.db, claims("not an email"), request)).toEqual({ ok: false, reason: "no email" });
  });

  it("does not count refusals towards locking the person's password out", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount + 1; i++) {
      await signInWithIdentityProvider(t.db, claims("reception@example.nhs.uk", { emailVerified: false }), request);
    }
    const result = await signIn(t.db, { email: "reception@example.nhs.uk", password: DEMO_PASSWORD }, request);
    expect(result.ok).toBe(true);
  });
});
