/**
 * The one query for "which of these patients have an open risk": every list
 * and screen that flags a risk (the GP's and the therapist's afternoon lists,
 * the flow board for clinical roles, the GP's patient summary) asks here, so a
 * risk recorded at any triage, on any day, is flagged on all of them until a
 * clinician records it reviewed or resolved (lib/triage/risk.ts says when a
 * risk is open). Clinical content: callers check the reader may see it and
 * audit the view; this reads only.
 */
import type { DbTx } from "@/lib/db/client";
import { riskSummary } from "@/lib/triage";
import { isRiskOpen, riskKinds, riskSinceVersion, type RiskKind, type RiskVersion } from "@/lib/triage/risk";

export type OpenRisk = {
  triageOutcomeId: string;
  patientId: string;
  kinds: RiskKind[];
  /** "to self, from others" */
  summary: string;
  actionTaken: string | null;
  /** The clinic day of the triage (YYYY-MM-DD, London). */
  triageDate: string;
  /** Who saved the triage's current version. */
  recordedByName: string;
  /** The triage's current version, and the version the risk dates from. */
  version: number;
  sinceVersion: number;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Patient id → their open risks, newest triage first; patients with none are absent. */
export async function loadOpenRisks(tx: DbTx, patientIds: readonly string[]): Promise<Map<string, OpenRisk[]>> {
  const out = new Map<string, OpenRisk[]>();
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return out;
  const triages = await tx.triageOutcome.findMany({
    where: { patientId: { in: ids }, OR: [{ riskToSelf: true }, { riskToOthers: true }, { riskFromOthers: true }] },
    select: {
      id: true,
      patientId: true,
      riskToSelf: true,
      riskToOthers: true,
      riskFromOthers: true,
      riskActionTaken: true,
      version: true,
      recordedAt: true,
      recordedBy: { select: { name: true } },
      appointment: { select: { clinicDay: { select: { date: true } } } },
    },
  });
  if (triages.length === 0) return out;
  const triageIds = triages.map((t) => t.id);
  // In turn, not Promise.all: an interactive transaction runs one query at a time.
  const versions = await tx.triageVersion.findMany({
    where: { triageOutcomeId: { in: triageIds } },
    select: { triageOutcomeId: true, version: true, riskToSelf: true, riskToOthers: true, riskFromOthers: true },
  });
  const reviews = await tx.riskReview.findMany({
    where: { triageOutcomeId: { in: triageIds } },
    select: { triageOutcomeId: true, triageVersion: true },
  });

  for (const t of triages) {
    // The database keeps the current version with the triage's content; read it from the triage itself all the same.
    const history: RiskVersion[] = [...versions.filter((v) => v.triageOutcomeId === t.id && v.version < t.version), { ...t, version: t.version }];
    const mine = reviews.filter((r) => r.triageOutcomeId === t.id);
    if (!isRiskOpen(history, mine)) continue;
    const risk: OpenRisk = {
      triageOutcomeId: t.id,
      patientId: t.patientId,
      kinds: riskKinds(t),
      summary: riskSummary(t),
      actionTaken: t.riskActionTaken,
      triageDate: iso(t.appointment.clinicDay.date),
      recordedByName: t.recordedBy.name,
      version: t.version,
      sinceVersion: riskSinceVersion(history)!,
    };
    out.set(t.patientId, [...(out.get(t.patientId) ?? []), risk]);
  }
  for (const list of out.values())
    list.sort((a, b) => b.triageDate.localeCompare(a.triageDate) || b.triageOutcomeId.localeCompare(a.triageOutcomeId));
  return out;
}
