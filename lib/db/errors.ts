/** Recognising database constraint violations, whichever layer reports them. */
function codes(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
    if (typeof e.code === "string") found.push(e.code);
    const original = e.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === "string") found.push(original);
    current = e.cause;
  }
  return found;
}

/** Unique index violated (Prisma P2002, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return codes(error).some((c) => c === "P2002" || c === "23505");
}

/** Exclusion constraint violated (PostgreSQL 23P01; @prisma/adapter-pg passes it through raw). */
export function isExclusionViolation(error: unknown): boolean {
  const all = codes(error);
  if (all.includes("23P01")) return true;
  return /23P01|conflicting key value violates exclusion constraint/.test(String((error as Error)?.message ?? ""));
}

/** The unique index's target columns, when Prisma reports them. */
export function uniqueTarget(error: unknown): string[] {
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: unknown } } } } })
    ?.meta;
  if (Array.isArray(meta?.target)) return meta.target.map(String);
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  if (constraint && Array.isArray(constraint.fields)) return constraint.fields.map((f) => String(f).replaceAll('"', ""));
  if (constraint && typeof constraint.index === "string") return [constraint.index];
  return [];
}
