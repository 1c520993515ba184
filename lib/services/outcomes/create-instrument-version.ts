import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { BUILTIN_INSTRUMENTS } from "@/lib/outcomes/instruments";
import { parseInput } from "@/lib/validation/parse";
import { instrumentVersionFormSchema } from "@/lib/validation/outcomes";

/**
 * A clinic lead adds an adapted or local questionnaire version for the PCN
 * (for example a learning-disability adapted PHQ-9), checked by
 * instrumentVersionSchema: its scoring can reach its highest total, its bands
 * cover every total once, and a version counted in outcomes scores as the
 * standard measure it reports as. Versions are never changed: a change is a new version.
 */
export async function createInstrumentVersion(ctx: ServiceContext, input: unknown): Promise<{ id: string; code: string; version: number }> {
  assertPermission(ctx.actor, "instrument:manage");
  const v = parseInput(instrumentVersionFormSchema, input);
  if (BUILTIN_INSTRUMENTS.some((b) => b.code === v.code)) {
    const message = `${v.code} is the code of a standard version: give the adapted version its own code, for example ${v.code}-LD`;
    throw new AppError("VALIDATION", message, { fieldErrors: { code: message } });
  }
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.instrumentVersion.create({
        data: {
          pcnId: ctx.actor.pcnId,
          code: v.code,
          version: v.version,
          name: v.name,
          mapsTo: v.mapsTo,
          validatedForOutcomes: v.validatedForOutcomes,
          source: v.source,
          stem: v.stem,
          items: v.items,
          options: v.options,
          bands: v.bands,
          maxTotal: v.maxTotal,
          caseness: v.caseness,
          createdById: ctx.actor.id,
        },
        select: { id: true, code: true, version: true },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "instrument.version.create",
        entityType: "InstrumentVersion",
        entityId: row.id,
        request: ctx.request,
        details: { code: v.code, version: v.version, mapsTo: v.mapsTo, validatedForOutcomes: v.validatedForOutcomes },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = `Version ${v.version} of ${v.code} already exists: a change is a new version, for example ${v.version + 1}`;
      throw new AppError("VALIDATION", message, { fieldErrors: { version: message } });
    }
    throw error;
  }
}
