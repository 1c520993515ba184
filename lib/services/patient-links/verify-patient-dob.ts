import type { PublicContext, ClockOption } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { appointmentDayEnd } from "@/lib/auth/patient-link";
import { releasePasswordCheck, reservePasswordCheck } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors/app-error";
import {
  ADDRESS_LIMITS,
  afterWrongDob,
  dobMatches,
  hashToken,
  isTokenShaped,
  LINK_SESSION_MINUTES,
  LINK_STATE_MESSAGES,
  linkState,
  MAX_DOB_ATTEMPTS,
  newToken,
} from "@/lib/patient-links";
import { patientDobSchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";
import { dateOnly } from "@/lib/schedule/date-only";
import { linkAudit } from "@/lib/services/patient-links/internal/link-audit";

const NOT_FOUND = "This link is not valid. Check you copied all of it, or contact your GP practice.";
const addressKey = (ip: string) => `patient-link:${ip}`;

/**
 * Checks the date of birth typed on a patient link. Right: a fresh session secret for this browser (its hash on
 * the link, the secret in a cookie), replacing any earlier one. Wrong: the link's count goes up in one
 * conditional statement, and the fifth locks it (a check constraint holds count and lock together). Each address
 * has its own allowance across links (the sign-in throttle's rows, keyed by address), so one machine cannot try
 * many links. Audited either way, with the patient once the link is known.
 */
export async function verifyPatientDob(
  ctx: PublicContext,
  token: string,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ sessionToken: string; expiresAt: Date }> {
  const now = clock.now ?? new Date();
  const ip = ctx.request?.ip ?? "unknown";
  if (!(await reservePasswordCheck(ctx.db, addressKey(ip), now, ADDRESS_LIMITS.perAddress))) {
    throw new AppError("RATE_LIMITED", `Too many attempts from this device. Wait ${ADDRESS_LIMITS.windowMinutes} minutes and try again.`);
  }
  if (!isTokenShaped(token)) throw new AppError("NOT_FOUND", NOT_FOUND);
  const dob = parseInput(patientDobSchema, input);
  const link = await ctx.db.patientLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      patientId: true,
      expiresAt: true,
      usedAt: true,
      cancelledAt: true,
      lockedAt: true,
      failedDobAttempts: true,
      patient: { select: { dateOfBirth: true } },
    },
  });
  if (!link) throw new AppError("NOT_FOUND", NOT_FOUND);
  const state = linkState({ ...link, appointmentDayEndsAt: await appointmentDayEnd(ctx.db, link.id, link.patientId, now) }, now);
  if (state !== "OPEN") {
    await recordAudit(ctx.db, linkAudit(ctx, link, "patient.link.verify", { refused: state }, "DENIED"));
    throw new AppError("FORBIDDEN", LINK_STATE_MESSAGES[state]);
  }

  if (dobMatches(dob, dateOnly(link.patient.dateOfBirth))) {
    const sessionToken = newToken();
    const expiresAt = new Date(now.getTime() + LINK_SESSION_MINUTES * 60_000);
    await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.patientLink.updateMany({
        where: { id: link.id, lockedAt: null, cancelledAt: null, usedAt: null },
        data: { sessionHash: hashToken(sessionToken), sessionExpiresAt: expiresAt },
      });
      if (count !== 1) throw new AppError("FORBIDDEN", LINK_STATE_MESSAGES.LOCKED);
      await recordAudit(tx, linkAudit(ctx, link, "patient.link.verify", { failedBefore: link.failedDobAttempts }));
    });
    // A right answer does not use up the address's allowance.
    await releasePasswordCheck(ctx.db, addressKey(ip));
    return { sessionToken, expiresAt };
  }

  // Wrong: counted under the row's lock, so parallel guesses cannot all see "fewer than five". The count and its
  // audit event are committed before the patient is told (an error thrown inside would roll them back).
  const failed = await ctx.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ failedDobAttempts: number }>>`
      UPDATE "PatientLink" SET "failedDobAttempts" = "failedDobAttempts" + 1,
             "lockedAt" = CASE WHEN "failedDobAttempts" + 1 >= ${MAX_DOB_ATTEMPTS}::int THEN ${now}::timestamptz ELSE NULL END,
             "sessionHash" = NULL, "sessionExpiresAt" = NULL
       WHERE "id" = ${link.id}::uuid AND "lockedAt" IS NULL
      RETURNING "failedDobAttempts"`;
    if (!row) {
      await recordAudit(tx, linkAudit(ctx, link, "patient.link.verify", { refused: "LOCKED" }, "DENIED"));
      return null;
    }
    const outcome = afterWrongDob(row.failedDobAttempts - 1);
    await recordAudit(
      tx,
      linkAudit(ctx, link, outcome.locks ? "patient.link.lock" : "patient.link.verify", { failed: row.failedDobAttempts }, "DENIED"),
    );
    return outcome;
  });
  if (!failed || failed.locks) throw new AppError("FORBIDDEN", LINK_STATE_MESSAGES.LOCKED);
  throw new AppError(
    "VALIDATION",
    `That date of birth does not match our records. You have ${failed.remaining} ${failed.remaining === 1 ? "try" : "tries"} left.`,
    {
      fieldErrors: { day: "Check the date of birth" },
    },
  );
}
