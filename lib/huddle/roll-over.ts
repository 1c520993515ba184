/**
 * Carrying a huddle's undecided cases to the next huddle. A case still open
 * (not reached) or deferred (with what is needed) goes on; decided ones stay.
 * Each carried case becomes a new row on the next huddle, after the cases
 * already there, in the order of this huddle; it keeps when it was first
 * brought, so the next huddle's order puts it before cases brought later.
 */
import type { HuddleCaseStatus } from "@/lib/db/generated/enums";
import { orderCases, type OrderableCase } from "./order";

export const CARRIED_STATUSES = ["OPEN", "DEFERRED"] as const satisfies readonly HuddleCaseStatus[];

export function isCarriedOver(status: HuddleCaseStatus): boolean {
  return (CARRIED_STATUSES as readonly HuddleCaseStatus[]).includes(status);
}

export type RollOverCase = OrderableCase & { status: HuddleCaseStatus };

export type RollOverStep = { fromCaseId: string; position: number };

/**
 * Which cases move and the place each takes on the next huddle, whose highest
 * position so far is `lastPosition` (0 when it has none).
 */
export function planRollOver(cases: readonly RollOverCase[], lastPosition: number): RollOverStep[] {
  if (!Number.isInteger(lastPosition) || lastPosition < 0) throw new RangeError(`lastPosition must be a whole number ≥ 0, got ${lastPosition}`);
  return orderCases(cases.filter((c) => isCarriedOver(c.status))).map((c, index) => ({ fromCaseId: c.id, position: lastPosition + index + 1 }));
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * The date of the next huddle after `date` (YYYY-MM-DD): the next weekday, as
 * huddles are daily on working days. Calendar arithmetic only (no clock change can shift it).
 */
export function nextHuddleDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`date must be YYYY-MM-DD, got ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (let step = 1; step <= 3; step++) {
    const d = new Date(Date.UTC(year, month - 1, day + step));
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  }
  throw new Error("unreachable: one of the next three days is a weekday");
}

/**
 * Where a huddle's cases go when it is closed on `today` or later: the next
 * weekday after it, or, for a huddle left open past its day (rolled over
 * automatically), the first weekday from today.
 */
export function rollOverDate(date: string, today: string): string {
  const next = nextHuddleDate(date);
  if (next >= today) return next;
  const day = new Date(`${today}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6 ? nextHuddleDate(today) : today;
}
