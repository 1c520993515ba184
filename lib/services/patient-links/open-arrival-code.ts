import type { ClockOption, PublicContext } from "@/lib/db/context";
import { hashToken, isTokenShaped } from "@/lib/patient-links";
import { londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";

/**
 * What the desk's check-in code says before anything is typed: whether it can be used now (the current code of a
 * clinic day that is today and not cancelled). Names no one; an unknown code reads as "not found" (not audited:
 * it names no patient, and the address throttle on the check-in is what stops guessing).
 */
export async function openArrivalCode(
  ctx: PublicContext,
  code: string,
  clock: ClockOption = {},
): Promise<{ state: "OPEN" | "NOT_IN_USE" | "NOT_FOUND" }> {
  if (!isTokenShaped(code)) return { state: "NOT_FOUND" };
  const row = await ctx.db.clinicDayArrivalCode.findUnique({
    where: { codeHash: hashToken(code) },
    select: { replacedAt: true, clinicDay: { select: { date: true, status: true } } },
  });
  if (!row) return { state: "NOT_FOUND" };
  const usable = !row.replacedAt && row.clinicDay.status === "SCHEDULED" && dateOnly(row.clinicDay.date) === londonToday(clock.now ?? new Date());
  return { state: usable ? "OPEN" : "NOT_IN_USE" };
}
