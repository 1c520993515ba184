/**
 * The order of a huddle's cases: urgent ones (the patient has an open risk)
 * first, then by when each case was first brought (a case carried over from an
 * earlier huddle keeps its first time, so it comes before today's), then by its
 * place on this huddle.
 */
export type OrderableCase = {
  id: string;
  /** The patient has an open risk (lib/triage/risk.ts): the case is urgent. */
  openRisk: boolean;
  /** When the case was first brought (kept across roll-overs). */
  broughtAt: Date;
  /** Its place on this huddle (1, 2, …). */
  position: number;
};

export function compareCases(a: OrderableCase, b: OrderableCase): number {
  if (a.openRisk !== b.openRisk) return a.openRisk ? -1 : 1;
  const byTime = a.broughtAt.getTime() - b.broughtAt.getTime();
  if (byTime !== 0) return byTime;
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The cases in the order the huddle discusses them (a new array; the input is left alone). */
export function orderCases<T extends OrderableCase>(cases: readonly T[]): T[] {
  return [...cases].sort(compareCases);
}
