/** Recognises "the database cannot be reached" among the errors pg and Prisma raise. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006", "P1001", "P1002", "P1017", "P2028"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    if (typeof e.code === "string" && UNREACHABLE_CODES.has(e.code)) return true;
    const message = typeof e.message === "string" ? e.message : "";
    if (/ECONNREFUSED|Connection terminated|connect ETIMEDOUT|the database system is (starting up|shutting down)|Can't reach database server|timeout exceeded when trying to connect/i.test(message)) return true;
    current = e.cause;
  }
  return false;
}
