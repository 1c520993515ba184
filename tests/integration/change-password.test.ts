import { beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_MESSAGES } from "@/lib/auth/password-policy";
import { resolveSession, signIn, SIGN_IN_LIMITS } from "@/lib/auth/sessions";
import { changePassword } from "@/lib/services/staff/change-password";
import { createStaffUser } from "@/lib/services/staff/create-staff-user";
import type { ServiceContext } from "@/lib/db/context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, DEMO_PASSWORD, type DemoStaffKey, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
});

const request = { ip: "127.0.0.7", userAgent: "vitest" };
const NEW_PASSWORD = "Kettle-Harbour-Violet-93";

async function sessionOf(who: DemoStaffKey, password = DEMO_PASSWORD): Promise<ServiceContext & { sessionId: string }> {
  const result = await signIn(t.db, { email: org.staff[who].email, password }, request);
  if (!result.ok) throw new Error(`sign-in failed for ${who}`);
  return { db: t.db, actor: { ...org.staff[who], sessionId: result.sessionId }, request, sessionId: result.sessionId };
}

describe("changing one's own password", () => {
  it("ends every other session, keeps the one that changed it, and audits it", async () => {
    const here = await sessionOf("buddy");
    const laptop = await sessionOf("buddy");
    const tablet = await sessionOf("buddy");
    const someoneElse = await sessionOf("buddy2");

    const result = await changePassword(here, { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(result).toEqual({ otherSessionsEnded: 2 });

    expect((await resolveSession(t.db, here.sessionId)).ok).toBe(true);
    expect(await resolveSession(t.db, laptop.sessionId)).toEqual({ ok: false, reason: "ended" });
    expect(await resolveSession(t.db, tablet.sessionId)).toEqual({ ok: false, reason: "ended" });
    expect((await resolveSession(t.db, someoneElse.sessionId)).ok).toBe(true);

    expect((await signIn(t.db, { email: org.staff.buddy.email, password: DEMO_PASSWORD }, request)).ok).toBe(false);
    expect((await signIn(t.db, { email: org.staff.buddy.email, password: NEW_PASSWORD }, request)).ok).toBe(true);

    const events = await t.db.auditEvent.findMany({ where: { action: "auth.password-change", actorId: org.staff.buddy.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "SUCCESS", entityId: org.staff.buddy.id, ip: "127.0.0.7", details: { otherSessionsEnded: 2 } });
  });

  it("refuses a wrong current password, changes nothing, and audits the attempt", async () => {
    const here = await sessionOf("gp");
    const other = await sessionOf("gp");
    const error = await expectAppError(
      changePassword(here, { currentPassword: "not-the-password", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toEqual({ currentPassword: "Your current password is not right" });
    expect((await resolveSession(t.db, other.sessionId)).ok).toBe(true);
    expect((await signIn(t.db, { email: org.staff.gp.email, password: DEMO_PASSWORD }, request)).ok).toBe(true);
    const failures = await t.db.auditEvent.findMany({ where: { action: "auth.password-change", outcome: "FAILURE", actorId: org.staff.gp.id } });
    expect(failures).toHaveLength(1);
    expect(failures[0].details).toEqual({ reason: "wrong current password" });
  });

  it("refuses a common password, the person's own name, a mismatch and the current password, changing nothing", async () => {
    const here = await sessionOf("therapist");
    const other = await sessionOf("therapist");
    const attempt = (newPassword: string, confirmPassword = newPassword) =>
      changePassword(here, { currentPassword: DEMO_PASSWORD, newPassword, confirmPassword });

    expect((await expectAppError(attempt("Password1234!"), "VALIDATION")).fieldErrors).toEqual({ newPassword: PASSWORD_MESSAGES.common });
    expect((await expectAppError(attempt("MariaCosta2024"), "VALIDATION")).fieldErrors).toEqual({ newPassword: PASSWORD_MESSAGES.personal });
    expect((await expectAppError(attempt("short-one"), "VALIDATION")).fieldErrors).toMatchObject({ newPassword: PASSWORD_MESSAGES.tooShort });
    expect((await expectAppError(attempt(NEW_PASSWORD, `${NEW_PASSWORD}x`), "VALIDATION")).fieldErrors).toEqual({
      confirmPassword: "The two new passwords do not match",
    });
    expect((await expectAppError(attempt(DEMO_PASSWORD), "VALIDATION")).fieldErrors).toEqual({
      newPassword: "Choose a new password, not your current one",
    });

    expect((await resolveSession(t.db, other.sessionId)).ok).toBe(true);
    expect((await signIn(t.db, { email: org.staff.therapist.email, password: DEMO_PASSWORD }, request)).ok).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "auth.password-change", actorId: org.staff.therapist.id } })).toBe(0);
  });

  it("stops guessing the current password after the sign-in limit, and audits the lock", async () => {
    const here = await sessionOf("reception");
    const wrong = { currentPassword: "guess-number-x", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await expectAppError(changePassword(here, wrong), "VALIDATION");
    // Even the right current password is refused while the lock lasts.
    const locked = await expectAppError(changePassword(here, { ...wrong, currentPassword: DEMO_PASSWORD }), "RATE_LIMITED");
    expect(locked.message).toMatch(/Too many wrong current passwords/);
    expect(
      await t.db.auditEvent.count({ where: { action: "auth.password-change-locked", outcome: "DENIED", actorId: org.staff.reception.id } }),
    ).toBe(1);
    expect((await signIn(t.db, { email: org.staff.reception.email, password: DEMO_PASSWORD }, request)).ok).toBe(true);
  });

  it("checks no more than the limit of current passwords when many guesses arrive at once", async () => {
    const here = await sessionOf("buddy2");
    const guesses = Array.from({ length: 4 * SIGN_IN_LIMITS.perAccount }, (_, i) =>
      changePassword(here, { currentPassword: `guess-number-${i}`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).then(
        () => "changed",
        (error: { code?: string }) => error.code ?? "unexpected",
      ),
    );
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((o) => o === "VALIDATION")).toHaveLength(SIGN_IN_LIMITS.perAccount);
    expect(outcomes.filter((o) => o === "RATE_LIMITED")).toHaveLength(3 * SIGN_IN_LIMITS.perAccount);
    const checked = await t.db.auditEvent.count({ where: { action: "auth.password-change", outcome: "FAILURE", actorId: org.staff.buddy2.id } });
    expect(checked).toBe(SIGN_IN_LIMITS.perAccount);
  });
});

describe("creating staff applies the same rule", () => {
  it("refuses a common password for a new member of staff", async () => {
    const lead: ServiceContext = { db: t.db, actor: org.staff.lead, request };
    const input = { name: "Nia Evans", email: "nia.evans@example.nhs.uk", roles: ["HEALTH_BUDDY"], password: "qwertyuiop123" };
    const error = await expectAppError(createStaffUser(lead, input), "VALIDATION");
    expect(error.fieldErrors).toEqual({ password: PASSWORD_MESSAGES.common });
    expect(await t.db.staffUser.count({ where: { email: input.email } })).toBe(0);
    await createStaffUser(lead, { ...input, password: NEW_PASSWORD });
    expect(await t.db.staffUser.count({ where: { email: input.email } })).toBe(1);
  });
});
