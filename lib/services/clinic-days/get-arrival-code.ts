import { assertPermission } from "@/lib/auth/permissions";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { arrivalCode } from "@/lib/patient-links/arrival";
import { hashToken, sameHash } from "@/lib/patient-links";
import { formatLondon } from "@/lib/schedule";
import { arrivalCodeDaySchema } from "@/lib/validation/patient-arrival";
import { parseInput } from "@/lib/validation/parse";
import { arrivalCodeDay } from "@/lib/services/clinic-days/internal/arrival-code-day";

export type ArrivalCodeView = Awaited<ReturnType<typeof arrivalCodeDay>> & {
  current: {
    /** The code to print, or null when it cannot be shown again (the server's secret changed): make a new one. */
    code: string | null;
    madeAt: string;
    madeBy: string;
    failedAttempts: number;
  } | null;
};

/**
 * The desk's check-in code for a clinic day (docs/decisions/0016-patient-links.md), for reception to print: the
 * code is derived again from its stored seed with the server's secret, so the same code prints every time until it
 * is replaced. Reads no patient record.
 */
export async function getArrivalCode(ctx: ServiceContext, input: unknown, options: { secret: string } & ClockOption): Promise<ArrivalCodeView> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { clinicDayId } = parseInput(arrivalCodeDaySchema, input);
  const now = options.now ?? new Date();
  const day = await arrivalCodeDay(ctx.db, ctx.actor.pcnId, clinicDayId, now);
  const row = await ctx.db.clinicDayArrivalCode.findFirst({
    where: { clinicDayId: day.id, replacedAt: null },
    select: { seed: true, codeHash: true, createdAt: true, failedAttempts: true, createdBy: { select: { name: true } } },
  });
  if (!row) return { ...day, current: null };
  const code = arrivalCode(options.secret, row.seed);
  return {
    ...day,
    current: {
      code: sameHash(hashToken(code), row.codeHash) ? code : null,
      madeAt: formatLondon(row.createdAt, "HH:mm 'on' d MMMM yyyy"),
      madeBy: row.createdBy.name,
      failedAttempts: row.failedAttempts,
    },
  };
}
