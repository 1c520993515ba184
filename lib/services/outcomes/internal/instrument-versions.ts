/**
 * The built-in instrument versions (PHQ-4, PHQ-9, GAD-7) are rows like any
 * other, written at first use rather than by a migration: a restore replays
 * the migrations and then loads the backup's rows, which would hold the same
 * versions again (decision 0015's notes). Idempotent and safe under races: the
 * partial unique index on (code, version) among built-ins decides.
 */
import { Prisma } from "@/lib/db/generated/client";
import type { DbTx } from "@/lib/db/client";
import { BUILTIN_INSTRUMENTS, type InstrumentDefinition } from "@/lib/outcomes/instruments";

export type BuiltinCode = "PHQ4" | "PHQ9" | "GAD7";

/** Writes any built-in version not yet stored and returns the id of each, by code. */
export async function ensureBuiltinInstruments(tx: DbTx): Promise<Record<BuiltinCode, string>> {
  for (const i of BUILTIN_INSTRUMENTS) await insertBuiltin(tx, i);
  const rows = await tx.instrumentVersion.findMany({
    where: { pcnId: null, OR: BUILTIN_INSTRUMENTS.map((i) => ({ code: i.code, version: i.version })) },
    select: { id: true, code: true },
  });
  return Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<BuiltinCode, string>;
}

async function insertBuiltin(tx: DbTx, i: InstrumentDefinition): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO "InstrumentVersion" ("id", "pcnId", "code", "version", "name", "mapsTo", "validatedForOutcomes", "source", "stem",
                                     "items", "options", "bands", "maxTotal", "caseness")
    VALUES (uuidv7(), NULL, ${i.code}, ${i.version}, ${i.name}, ${i.mapsTo}::"StandardMeasure", ${i.validatedForOutcomes}, ${i.source}, ${i.stem},
            ${JSON.stringify(i.items)}::jsonb, ${JSON.stringify(i.options)}::jsonb, ${JSON.stringify(i.bands)}::jsonb, ${i.maxTotal}, ${i.caseness})
    ON CONFLICT ("code", "version") WHERE "pcnId" IS NULL DO NOTHING`);
}
