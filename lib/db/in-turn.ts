/**
 * Awaits Prisma queries one after another. Inside an interactive transaction
 * all queries share one connection, and Promise.all would send them at once
 * (node-postgres deprecates that, and pg@9 will refuse it). Prisma's queries
 * are lazy — they start when awaited — so awaiting them in turn runs them in turn.
 */
export async function inTurn<T extends readonly unknown[]>(...queries: { [K in keyof T]: PromiseLike<T[K]> }): Promise<T> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query);
  return results as unknown as T;
}
