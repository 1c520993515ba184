import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OpenRisksSection } from "@/components/open-risks-section";
import { TriageVersions } from "@/components/triage-history";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getTriageHistory, type TriageHistory } from "@/lib/services/triage/get-triage-history";
import { ukDate } from "@/lib/triage";
import { reviewRiskAction } from "./actions";

export const metadata: Metadata = { title: "Triage history" };

/** Every triage of a patient with each version kept, their open risks (to record reviewed or resolved) and the risk reviews. */
export default async function TriageHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("risk:review");
  const { id } = await params;
  let history: TriageHistory;
  try {
    history = await getTriageHistory(ctx, { patientId: id });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { patient, triages } = history;
  const open = triages.flatMap((t) => (t.openRisk ? [t.openRisk] : []));
  return (
    <>
      <p>
        {hasPermission(ctx.actor.roles, "care-plan:write") ? (
          <Link href={`/gp/patients/${patient.id}`} className="text-nhs-blue underline">
            Back to the summary and care plan
          </Link>
        ) : (
          <Link href={`/patients/${patient.id}`} className="text-nhs-blue underline">
            Back to the patient
          </Link>
        )}
      </p>
      <h1 className="mt-2 text-3xl font-bold">Triage history: {patient.name}</h1>
      <p className="mt-1">NHS number {formatNhsNumber(patient.nhsNumber)}</p>
      <p className="mt-1 max-w-3xl text-slate-700">
        Every save of a triage is kept as a version: who saved it, when, why and what changed. A risk stays open, and flagged on every list, until a
        clinician records it reviewed or resolved.
      </p>

      <OpenRisksSection
        risks={open.map(({ triageOutcomeId, kinds, actionTaken, triageDate, recordedByName, version }) => ({
          triageOutcomeId,
          kinds,
          actionTaken,
          triageDate,
          recordedByName,
          version,
        }))}
        reviewAction={reviewRiskAction}
      />
      {open.length === 0 && triages.length > 0 ? <p className="mt-3 font-semibold">No open risk.</p> : null}

      {triages.length === 0 ? <p className="mt-4">No Talking Therapies triage has been recorded for this patient.</p> : null}
      {triages.map((t) => (
        <section key={t.triageOutcomeId} aria-labelledby={`triage-${t.triageOutcomeId}`} className="mt-8 max-w-4xl">
          <h2 id={`triage-${t.triageOutcomeId}`} className="text-2xl font-bold">
            Triage of {ukDate(t.date)}, {t.clinicName}
          </h2>
          <p className="mt-1">
            {t.versions.length === 1 ? "1 version" : `${t.versions.length} versions`}
            {t.openRisk ? ". Its risk is open." : "."}
          </p>
          <div className="mt-2">
            <TriageVersions entry={t} />
          </div>
        </section>
      ))}
    </>
  );
}
