/**
 * The huddle's visible timer: its minutes (20 by default) shared between the
 * cases in the order they are discussed. Seconds that do not divide evenly go
 * to the first cases (the urgent ones). The caller passes `now`.
 */
export type CaseTime = { caseId: string; /** Seconds from the huddle's start. */ startSecond: number; seconds: number };

export type TimerState = {
  elapsedSeconds: number;
  /** Seconds left of the whole huddle (0 once over). */
  remainingSeconds: number;
  /** Past the huddle's end. */
  overrun: boolean;
  perCase: CaseTime[];
  /** The case whose share of time is running now; null before the start, after the end or with no cases. */
  currentCaseId: string | null;
  /** Seconds left of the current case's share. */
  currentCaseRemainingSeconds: number | null;
};

/** Each case's share of `totalMinutes`, in seconds, in order. */
export function splitHuddleTime(totalMinutes: number, caseCount: number): number[] {
  if (!Number.isInteger(totalMinutes) || totalMinutes <= 0) throw new RangeError(`totalMinutes must be a whole number above 0, got ${totalMinutes}`);
  if (!Number.isInteger(caseCount) || caseCount < 0) throw new RangeError(`caseCount must be a whole number ≥ 0, got ${caseCount}`);
  if (caseCount === 0) return [];
  const total = totalMinutes * 60;
  const base = Math.floor(total / caseCount);
  const extra = total - base * caseCount;
  return Array.from({ length: caseCount }, (_, i) => base + (i < extra ? 1 : 0));
}

export function huddleTimer(input: { startsAt: Date; durationMinutes: number; caseIds: readonly string[]; now: Date }): TimerState {
  const shares = splitHuddleTime(input.durationMinutes, input.caseIds.length);
  let start = 0;
  const perCase = input.caseIds.map((caseId, i) => {
    const time = { caseId, startSecond: start, seconds: shares[i] };
    start += shares[i];
    return time;
  });
  const total = input.durationMinutes * 60;
  const elapsed = Math.floor((input.now.getTime() - input.startsAt.getTime()) / 1000);
  const running = elapsed >= 0 && elapsed < total;
  const current = running ? perCase.find((c) => elapsed >= c.startSecond && elapsed < c.startSecond + c.seconds) : undefined;
  return {
    elapsedSeconds: Math.max(0, elapsed),
    remainingSeconds: Math.max(0, total - Math.max(0, elapsed)),
    overrun: elapsed >= total,
    perCase,
    currentCaseId: current?.caseId ?? null,
    currentCaseRemainingSeconds: current ? current.startSecond + current.seconds - elapsed : null,
  };
}
