/**
 * Server-side sessions. next-auth keeps a signed JWT in a cookie; the JWT only
 * names an AuthSession row, and every request checks that row here: not ended,
 * not idle too long, not past its absolute lifetime, the user still active and
 * their session version unchanged. Deactivating a user or signing out
 * everywhere therefore ends their sessions at once.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/db/audit";
import type { Actor, RequestInfo } from "@/lib/db/context";
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from "./password";

export type SessionLimits = { idleMinutes: number; maxHours: number };

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 30, maxHours: 12 };

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
});

export type SignInResult =
  | { ok: true; user: { id: string; name: string; email: string; roles: Role[] }; sessionId: string }
  | { ok: false; locked?: true; slowed?: true; retryAfterSeconds?: number };

/**
 * Brute-force limits (OWASP ASVS 2.2), counted in a window that starts at the
 * first failure: 5 failed passwords lock the account until the window ends;
 * 20 failures from one address slow that address to one attempt every
 * addressDelaySeconds, so a shared network (or someone sending its address)
 * slows colleagues down a little but never locks them out.
 */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 20, addressDelaySeconds: 30 };

const accountKey = (email: string) => `account:${email}`;
const addressKey = (ip: string) => `address:${ip}`;

/**
 * Takes one of a password's checks for this window, in one statement under the
 * throttle row's lock: whatever the concurrency, only the first `perAccount`
 * callers in a window get true. A check that succeeds hands its place back
 * (releasePasswordCheck), so only failures use the allowance up. Sign-in keys
 * it by the account's email; changing one's own password by the user's id; a
 * patient link's date-of-birth check by the client address (with its own limit).
 */
export async function reservePasswordCheck(db: Db, key: string, now: Date, limit: number = SIGN_IN_LIMITS.perAccount): Promise<boolean> {
  const windowFloor = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const rows = await db.$queryRaw<Array<{ failures: number }>>`
    INSERT INTO "SignInThrottle" ("key", "windowStart", "failures", "lastAttemptAt")
    VALUES (${key}, ${now}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "SignInThrottle"."windowStart" <= ${windowFloor} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
      "windowStart" = CASE WHEN "SignInThrottle"."windowStart" <= ${windowFloor} THEN ${now} ELSE "SignInThrottle"."windowStart" END,
      "lastAttemptAt" = ${now}
    RETURNING "failures"`;
  return rows[0].failures <= limit;
}

export async function releasePasswordCheck(db: Db, key: string): Promise<void> {
  await db.$executeRaw`UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${key}`;
}

/** The throttle key for checks of a signed-in user's current password (changing their own password). */
export const passwordChangeKey = (userId: string) => `password-change:${userId}`;

/**
 * Whether the address may try now: always while it has fewer than
 * `perAddress` failures in its window, then once every addressDelaySeconds.
 * One statement under the row's lock (no transaction held open while many
 * sign-ins arrive at once); the attempt is counted as the address's latest
 * only when it is let through. Returns the seconds to wait, or 0.
 */
async function addressWait(db: Db, ip: string, now: Date): Promise<number> {
  const windowFloor = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const delayMs = SIGN_IN_LIMITS.addressDelaySeconds * 1000;
  const slowFloor = new Date(now.getTime() - delayMs);
  // In ON CONFLICT's SET, "t" is the row as it was before this attempt.
  const [row] = await db.$queryRaw<Array<{ lastAttemptAt: Date }>>`
    INSERT INTO "SignInThrottle" AS t ("key", "windowStart", "failures", "lastAttemptAt")
    VALUES (${addressKey(ip)}, ${now}, 0, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "windowStart" = CASE WHEN t."windowStart" <= ${windowFloor} THEN ${now} ELSE t."windowStart" END,
      "failures" = CASE WHEN t."windowStart" <= ${windowFloor} THEN 0 ELSE t."failures" END,
      "lastAttemptAt" = CASE
        WHEN t."windowStart" > ${windowFloor} AND t."failures" >= ${SIGN_IN_LIMITS.perAddress}
          AND t."lastAttemptAt" > ${slowFloor} AND t."lastAttemptAt" <= ${now}
        THEN t."lastAttemptAt" ELSE ${now} END
    RETURNING "lastAttemptAt"`;
  const waitMs = row.lastAttemptAt.getTime() + delayMs - now.getTime();
  return row.lastAttemptAt.getTime() === now.getTime() ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
}

async function recordAddressFailure(db: Db, ip: string): Promise<void> {
  await db.$executeRaw`UPDATE "SignInThrottle" SET "failures" = "failures" + 1 WHERE "key" = ${addressKey(ip)}`;
}

/** Checks email and password; on success opens an AuthSession. Audited either way. */
export async function signIn(
  db: Db,
  input: unknown,
  request: RequestInfo = {},
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  now: Date = new Date(),
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const { email, password } = parsed.data;

  // Both limits are checked before the password, so a limited account or address cannot be probed further.
  const wait = request.ip ? await addressWait(db, request.ip, now) : 0;
  if (wait > 0) {
    await recordAudit(db, {
      actorEmail: email,
      action: "auth.sign-in-slowed",
      outcome: "DENIED",
      request,
      details: { retryAfterSeconds: wait },
    });
    return { ok: false, slowed: true, retryAfterSeconds: wait };
  }
  if (!(await reservePasswordCheck(db, accountKey(email), now))) {
    await recordAudit(db, {
      actorEmail: email,
      action: "auth.sign-in-locked",
      outcome: "DENIED",
      request,
      details: { windowMinutes: SIGN_IN_LIMITS.windowMinutes },
    });
    return { ok: false, locked: true };
  }

  const user = await db.staffUser.findUnique({
    where: { email },
    omit: { passwordHash: false },
  });
  const passwordOk = user?.passwordHash != null ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);

  if (!user || !passwordOk || !user.active) {
    if (request.ip) await recordAddressFailure(db, request.ip);
    await recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      actorEmail: email,
      action: "auth.sign-in",
      outcome: "FAILURE",
      request,
      details: { reason: !user ? "unknown account" : !passwordOk ? "wrong password" : "account deactivated" },
    });
    return { ok: false };
  }

  await releasePasswordCheck(db, accountKey(email));
  // A hash made at a lower cost (older accounts, imported ones) is replaced now that the password is known.
  const rehashed = needsRehash(user.passwordHash!)
    ? (
        await db.staffUser.updateMany({
          where: { id: user.id, passwordHash: user.passwordHash },
          data: { passwordHash: await hashPassword(password) },
        })
      ).count > 0
    : false;
  const sessionId = await openSession(db, user, request, limits, { method: "password", ...(rehashed ? { passwordRehashed: "true" } : {}) });
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, roles: user.roles }, sessionId };
}

type SignedInUser = { id: string; email: string; sessionVersion: number };

/** The AuthSession every way of signing in opens, so idle and absolute limits, sign-out and deactivation apply alike. */
async function openSession(
  db: Db,
  user: SignedInUser,
  request: RequestInfo,
  limits: SessionLimits,
  details: Record<string, string>,
): Promise<string> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const created = await tx.authSession.create({
      data: {
        userId: user.id,
        version: user.sessionVersion,
        expiresAt: new Date(now.getTime() + limits.maxHours * 3_600_000),
        ip: request.ip ?? null,
        userAgent: request.userAgent?.slice(0, 400) ?? null,
      },
    });
    await tx.staffUser.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await recordAudit(tx, { actor: user, action: "auth.sign-in", entityType: "AuthSession", entityId: created.id, request, details });
    return created.id;
  });
}

/** What an OpenID Connect identity provider said about the person, from its verified ID token. */
export type IdentityClaims = { issuer: string; subject: string; email?: unknown; emailVerified?: unknown };

export type IdentitySignInResult =
  | { ok: true; user: { id: string; name: string; email: string }; sessionId: string }
  | { ok: false; reason: "no email" | "email not verified" | "unknown account" | "account deactivated" };

/**
 * Signs in someone the identity provider has authenticated, matched to a
 * member of staff by email (lower-cased). Nobody gets an account by signing
 * in: the clinic lead adds staff first. Refusals are audited as DENIED, not
 * FAILURE, so they do not count towards locking the person's password out.
 */
export async function signInWithIdentityProvider(
  db: Db,
  claims: IdentityClaims,
  request: RequestInfo = {},
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  options: { requireVerifiedEmail: boolean } = { requireVerifiedEmail: true },
): Promise<IdentitySignInResult> {
  const source = { method: "oidc", issuer: claims.issuer, subject: claims.subject };
  const email = z
    .email()
    .max(320)
    .safeParse(typeof claims.email === "string" ? claims.email.trim().toLowerCase() : undefined);
  const verified = claims.emailVerified === true || claims.emailVerified === "true";
  const unverified = options.requireVerifiedEmail ? !verified : claims.emailVerified === false || claims.emailVerified === "false";
  const user = email.success && !unverified ? await db.staffUser.findUnique({ where: { email: email.data } }) : null;
  if (!user?.active) {
    const reason = !email.success ? "no email" : unverified ? "email not verified" : !user ? "unknown account" : "account deactivated";
    await recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      actorEmail: email.success ? email.data : null,
      action: "auth.sign-in",
      outcome: "DENIED",
      request,
      details: { ...source, reason },
    });
    return { ok: false, reason };
  }
  const sessionId = await openSession(db, user, request, limits, source);
  return { ok: true, user: { id: user.id, name: user.name, email: user.email }, sessionId };
}

export type SessionCheck = { ok: true; actor: Actor } | { ok: false; reason: "missing" | "ended" | "expired" | "idle" | "deactivated" | "revoked" };

// Writing lastSeenAt on every request would turn each read into a write; once a
// minute is precise enough for a 30-minute idle limit.
const TOUCH_AFTER_MS = 60_000;

type SessionRow = {
  id: string;
  version: number;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  pcnId: string;
  active: boolean;
  sessionVersion: number;
};

/** Resolves a session id from the JWT into the acting member of staff, or says why not. */
export async function resolveSession(
  db: Db,
  sessionId: string | undefined | null,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  now: Date = new Date(),
): Promise<SessionCheck> {
  if (!sessionId || !z.uuid().safeParse(sessionId).success) return { ok: false, reason: "missing" };
  // The session and its user in one statement: this runs on every page view and every action.
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."id", s."version", s."lastSeenAt", s."expiresAt", s."endedAt",
           u."id" AS "userId", u."name", u."email", u."roles"::text[] AS "roles", u."pcnId", u."active", u."sessionVersion"
      FROM "AuthSession" s JOIN "StaffUser" u ON u."id" = s."userId"
     WHERE s."id" = ${sessionId}::uuid`;
  if (!session) return { ok: false, reason: "missing" };
  if (session.endedAt) return { ok: false, reason: "ended" };
  if (session.expiresAt <= now) return { ok: false, reason: "expired" };
  if (now.getTime() - session.lastSeenAt.getTime() > limits.idleMinutes * 60_000) {
    await db.authSession.update({ where: { id: session.id }, data: { endedAt: now } });
    return { ok: false, reason: "idle" };
  }
  if (!session.active) return { ok: false, reason: "deactivated" };
  if (session.version !== session.sessionVersion) return { ok: false, reason: "revoked" };

  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.authSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    ok: true,
    actor: { id: session.userId, name: session.name, email: session.email, roles: session.roles, pcnId: session.pcnId, sessionId: session.id },
  };
}

/** Ends one session (sign-out). */
export async function endSession(db: Db, sessionId: string, request: RequestInfo = {}): Promise<void> {
  if (!z.uuid().safeParse(sessionId).success) return;
  await db.$transaction(async (tx) => {
    const session = await tx.authSession.findUnique({ where: { id: sessionId }, include: { user: true } });
    if (!session || session.endedAt) return;
    await tx.authSession.update({ where: { id: sessionId }, data: { endedAt: new Date() } });
    await recordAudit(tx, {
      actor: session.user,
      action: "auth.sign-out",
      entityType: "AuthSession",
      entityId: sessionId,
      request,
    });
  });
}

/** Ends every session of a user at once by bumping their session version. */
export async function endAllSessions(db: Db, userId: string, by: Pick<Actor, "id" | "email">, request: RequestInfo = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await tx.authSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
    await recordAudit(tx, { actor: by, action: "auth.end-all-sessions", entityType: "StaffUser", entityId: userId, request });
  });
}
