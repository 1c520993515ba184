/**
 * A member of staff changes their own password. Every other session of theirs
 * ends (a thief who knew the old password is signed out); the session making
 * the change stays open. Wrong current passwords are audited and throttled like
 * sign-in, so this form cannot be used to guess a password from an open session.
 */
import { hashPassword, verifyAgainstNothing, verifyPassword } from "@/lib/auth/password";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { assertPermission } from "@/lib/auth/permissions";
import { passwordChangeKey, releasePasswordCheck, reservePasswordCheck, SIGN_IN_LIMITS } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors/app-error";
import { changePasswordSchema } from "@/lib/validation/account";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type ChangePasswordResult = { otherSessionsEnded: number };

export async function changePassword(ctx: ServiceContext, input: unknown): Promise<ChangePasswordResult> {
  assertPermission(ctx.actor, "self:manage");
  const data = parseInput(changePasswordSchema, input);
  const { actor } = ctx;

  // A place among the window's checks is taken before the password is, in one statement (as sign-in does), so
  // many requests sent at once from an open session still get no more than SIGN_IN_LIMITS.perAccount checks.
  const throttleKey = passwordChangeKey(actor.id);
  if (!(await reservePasswordCheck(ctx.db, throttleKey, new Date()))) {
    await recordAudit(ctx.db, {
      actor,
      action: "auth.password-change-locked",
      outcome: "DENIED",
      request: ctx.request,
      details: { windowMinutes: SIGN_IN_LIMITS.windowMinutes },
    });
    throw new AppError(
      "RATE_LIMITED",
      `Too many wrong current passwords. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again, or ask the clinic lead to help.`,
    );
  }

  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id }, omit: { passwordHash: false } });
  const currentOk = user.passwordHash
    ? await verifyPassword(data.currentPassword, user.passwordHash)
    : await verifyAgainstNothing(data.currentPassword);
  if (!currentOk) {
    await recordAudit(ctx.db, {
      actor,
      action: "auth.password-change",
      outcome: "FAILURE",
      entityType: "StaffUser",
      entityId: actor.id,
      request: ctx.request,
      details: { reason: "wrong current password" },
    });
    const message = user.passwordHash
      ? "Your current password is not right"
      : "Your account has no Clinic Day password: you sign in through your organisation's identity service";
    throw new AppError("VALIDATION", message, { fieldErrors: { currentPassword: message } });
  }
  await releasePasswordCheck(ctx.db, throttleKey);
  if (data.newPassword === data.currentPassword) {
    const message = "Choose a new password, not your current one";
    throw new AppError("VALIDATION", message, { fieldErrors: { newPassword: message } });
  }
  assertPasswordAllowed(data.newPassword, user, "newPassword");

  const passwordHash = await hashPassword(data.newPassword);
  const now = new Date();
  return ctx.db.$transaction(async (tx) => {
    // Bumping the version also refuses a sign-in with the old password that raced this change.
    const updated = await tx.staffUser.update({
      where: { id: actor.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    const ended = await tx.authSession.updateMany({
      where: { userId: actor.id, endedAt: null, ...(actor.sessionId ? { id: { not: actor.sessionId } } : {}) },
      data: { endedAt: now },
    });
    if (actor.sessionId) {
      await tx.authSession.updateMany({ where: { id: actor.sessionId, userId: actor.id, endedAt: null }, data: { version: updated.sessionVersion } });
    }
    await recordAudit(tx, {
      actor,
      action: "auth.password-change",
      entityType: "StaffUser",
      entityId: actor.id,
      request: ctx.request,
      details: { otherSessionsEnded: ended.count },
    });
    return { otherSessionsEnded: ended.count };
  });
}
