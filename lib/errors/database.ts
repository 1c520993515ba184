/** Recognises "the database cannot be reached" among the errors pg and Prisma raise. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  // A write to a connection the server has just closed (a shutdown racing a statement being sent).
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2028",
]);

const UNREACHABLE_MESSAGE =
  /ECONNREFUSED|EPIPE|Connection terminated|connect ETIMEDOUT|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|server closed the connection unexpectedly|Can't reach database server|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  // Prisma wraps the driver's error under meta.driverAdapterError (its own code,
  // for example P2039, says only "database error"); pg's code sits on the cause
  // as originalCode. So look through causes and the adapter's error alike.
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== "object") continue;
    const e = current as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const code of [e.code, e.originalCode]) if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGE.test(e.message)) return true;
    pending.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
