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

type TriageRow = {
  id: string;
  patientId: string;
  riskToSelf: boolean;
  riskToOthers: boolean;
  riskFromOthers: boolean;
  riskActionTaken: string | null;
  version: number;
  recordedByName: string;
  triageDate: string;
  versions: RiskVersion[];
  reviews: Array<{ triageVersion: number }>;
};

const riskScreen = (t: TriageRow) => ({ riskToSelf: t.riskToSelf, riskToOthers: t.riskToOthers, riskFromOthers: t.riskFromOthers });

/** Patient id → their open risks, newest triage first; patients with none are absent. */
export async function loadOpenRisks(tx: DbTx, patientIds: readonly string[]): Promise<Map<string, OpenRisk[]>> {
  const out = new Map<string, OpenRisk[]>();
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return out;
  // One statement (the triages with their earlier versions and reviews), not three reads in turn: every clinical list
  // and the flow board ask here, often inside a transaction where each read is a round trip of its own.
  const triages = await tx.$queryRaw<TriageRow[]>`
    SELECT t."id", t."patientId", t."riskToSelf", t."riskToOthers", t."riskFromOthers", t."riskActionTaken", t."version",
           su."name" AS "recordedByName", to_char(d."date", 'YYYY-MM-DD') AS "triageDate",
           coalesce((SELECT json_agg(json_build_object('version', v."version", 'riskToSelf', v."riskToSelf",
                                                       'riskToOthers', v."riskToOthers", 'riskFromOthers', v."riskFromOthers"))
                     FROM "TriageVersion" v WHERE v."triageOutcomeId" = t."id"), '[]') AS "versions",
           coalesce((SELECT json_agg(json_build_object('triageVersion', r."triageVersion"))
                     FROM "RiskReview" r WHERE r."triageOutcomeId" = t."id"), '[]') AS "reviews"
    FROM "TriageOutcome" t
    JOIN "StaffUser" su ON su."id" = t."recordedById"
    JOIN "Appointment" a ON a."id" = t."appointmentId"
    JOIN "ClinicDay" d ON d."id" = a."clinicDayId"
    WHERE t."patientId" = ANY(${ids}::uuid[]) AND (t."riskToSelf" OR t."riskToOthers" OR t."riskFromOthers")`;

  for (const t of triages) {
    // The database keeps the current version with the triage's content; read it from the triage itself all the same.
    const history: RiskVersion[] = [...t.versions.filter((v) => v.version < t.version), { ...riskScreen(t), version: t.version }];
    if (!isRiskOpen(history, t.reviews)) continue;
    const risk: OpenRisk = {
      triageOutcomeId: t.id,
      patientId: t.patientId,
      kinds: riskKinds(t),
      summary: riskSummary(t),
      actionTaken: t.riskActionTaken,
      triageDate: t.triageDate,
      recordedByName: t.recordedByName,
      version: t.version,
      sinceVersion: riskSinceVersion(history)!,
    };
    out.set(t.patientId, [...(out.get(t.patientId) ?? []), risk]);
  }
  for (const list of out.values())
    list.sort((a, b) => b.triageDate.localeCompare(a.triageDate) || b.triageOutcomeId.localeCompare(a.triageOutcomeId));
  return out;
}
