/**
 * Following a referral out of a huddle: it should be accepted by its accept-by
 * date (London calendar dates, YYYY-MM-DD). Still only referred after that day,
 * it is overdue, and the clinic lead and the GP who brought the case see it flagged.
 */
import type { ReferralStatus } from "@/lib/db/generated/enums";

/** Days from the huddle to the date a referral should be accepted, unless the huddle sets another. */
export const DEFAULT_ACCEPT_WITHIN_DAYS = 7;

export function isReferralOverdue(referral: { status: ReferralStatus; acceptBy: string | null }, today: string): boolean {
  return referral.status === "REFERRED" && referral.acceptBy !== null && referral.acceptBy < today;
}

/** Whole days a referral is past its accept-by date (0 when not overdue). */
export function daysOverdue(referral: { status: ReferralStatus; acceptBy: string | null }, today: string): number {
  if (!isReferralOverdue(referral, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${referral.acceptBy}T00:00:00Z`)) / 86_400_000);
}

/** The default accept-by date: `days` calendar days after the huddle. */
export function defaultAcceptBy(huddleDate: string, days: number = DEFAULT_ACCEPT_WITHIN_DAYS): string {
  const d = new Date(Date.parse(`${huddleDate}T00:00:00Z`) + days * 86_400_000);
  if (Number.isNaN(d.getTime())) throw new RangeError(`huddleDate must be YYYY-MM-DD, got ${huddleDate}`);
  return d.toISOString().slice(0, 10);
}
