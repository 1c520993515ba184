import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";
import type { StandardMeasure } from "@/lib/db/generated/enums";
import type { InstrumentBand, InstrumentItem, InstrumentOption } from "@/lib/outcomes/instruments";
import { ensureBuiltinInstruments } from "./internal/instrument-versions";

export type InstrumentVersionRow = {
  id: string;
  code: string;
  version: number;
  name: string;
  builtIn: boolean;
  mapsTo: StandardMeasure | null;
  validatedForOutcomes: boolean;
  source: string;
  stem: string;
  items: InstrumentItem[];
  options: InstrumentOption[];
  bands: InstrumentBand[];
  maxTotal: number;
  caseness: number | null;
  createdBy: string | null;
  createdAt: string;
  /** Responses recorded on it. */
  responses: number;
};

/** The standard versions and the PCN's own, standard first, then by code and version. */
export async function listInstrumentVersions(ctx: ServiceContext): Promise<InstrumentVersionRow[]> {
  assertPermission(ctx.actor, "instrument:manage");
  return ctx.db.$transaction(async (tx) => {
    await ensureBuiltinInstruments(tx);
    const rows = await tx.instrumentVersion.findMany({
      where: { OR: [{ pcnId: null }, { pcnId: ctx.actor.pcnId }] },
      include: { createdBy: { select: { name: true } }, _count: { select: { responses: true } } },
      orderBy: [{ pcnId: { sort: "asc", nulls: "first" } }, { code: "asc" }, { version: "asc" }],
    });
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      version: r.version,
      name: r.name,
      builtIn: r.pcnId === null,
      mapsTo: r.mapsTo,
      validatedForOutcomes: r.validatedForOutcomes,
      source: r.source,
      stem: r.stem,
      items: r.items as InstrumentItem[],
      options: r.options as InstrumentOption[],
      bands: r.bands as InstrumentBand[],
      maxTotal: r.maxTotal,
      caseness: r.caseness,
      createdBy: r.createdBy?.name ?? null,
      createdAt: r.createdAt.toISOString(),
      responses: r._count.responses,
    }));
  });
}
