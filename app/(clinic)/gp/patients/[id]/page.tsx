import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CarePlanEditor, ReviseCarePlanForm, type CarePlanEditorValues } from "@/components/care-plan-editor";
import { CarePlanDocument, CarePlanHistory, PatientSummaryPanel } from "@/components/care-plan-view";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { getCarePlanHistory } from "@/lib/services/care-plans/get-care-plan-history";
import { getPatientSummary, type PatientSummary } from "@/lib/services/patients/get-patient-summary";
import { finaliseCarePlanAction, reviseCarePlanAction, saveCarePlanDraftAction } from "../../actions";
import { reviewRiskAction } from "../../../patients/[id]/triage-history/actions";
import { PageHeader } from "@/components/ui/page-header";
import { BringToHuddleForm } from "@/components/huddle/bring-to-huddle-form";
import { hasPermission } from "@/lib/auth/permissions";
import { listHuddles } from "@/lib/services/huddles/list-huddles";
import { bringCaseAction } from "../../../huddle/actions";

export const metadata: Metadata = { title: "Patient summary and care plan" };

function editorValues(summary: PatientSummary): CarePlanEditorValues {
  const draft = summary.carePlan.draft;
  const offered = new Set(summary.editor.reviewDays.map((d) => d.id));
  return {
    carePlanId: draft?.id ?? null,
    version: draft?.version ?? 1,
    whatMatters: draft?.whatMatters ?? "",
    goals: draft?.goals ?? "",
    actions: draft?.actions ?? [],
    recommendations: summary.editor.recommendations,
    keyWorkerId: draft?.keyWorkerId ?? "",
    nextReviewDate: draft?.nextReviewDate ?? "",
    // A revision may carry a review day that has since passed: it is offered again only if still ahead.
    reviewClinicDayId: draft?.reviewClinicDayId && offered.has(draft.reviewClinicDayId) ? draft.reviewClinicDayId : "",
  };
}

/** The GP's one screen for a patient: the summary, the care plan editor (or the final plan with "Revise"), and its history. */
export default async function GpPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("care-plan:write");
  const { id } = await params;
  let summary: PatientSummary;
  try {
    summary = await getPatientSummary(ctx, { patientId: id });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const history = await getCarePlanHistory(ctx, { patientId: id });
  const huddles = hasPermission(ctx.actor.roles, "huddle:bring") ? (await listHuddles(ctx)).huddles.filter((h) => !h.closed) : null;
  const { patient, carePlan } = summary;
  const { final, draft } = carePlan;
  return (
    <>
      <PageHeader back="/gp" backLabel="Back to the afternoon list" title={patient.name} />
      <PatientSummaryPanel
        summary={summary}
        reviewRiskAction={reviewRiskAction}
        bringToHuddle={
          huddles ? (
            <BringToHuddleForm patientId={patient.id} patientName={patient.name} huddles={huddles} today={summary.today} action={bringCaseAction} />
          ) : undefined
        }
      />

      <section aria-labelledby="care-plan-heading" className="mt-8">
        <h2 id="care-plan-heading" className="text-2xl font-bold">
          Care plan
        </h2>
        {final ? (
          <div className="mt-2">
            <p className="font-semibold">
              Version {final.version}, final.{" "}
              <Link href={`/gp/patients/${patient.id}/care-plan/print`} className="text-nhs-blue underline">
                Print the patient’s copy
              </Link>
            </p>
            <div className="mt-2">
              <CarePlanDocument plan={final} />
            </div>
          </div>
        ) : null}
        {draft || !final ? (
          // One editor at one place whether or not a draft exists yet, so saving the first draft (which turns
          // "no draft" into "a draft") keeps the editor and its "Draft saved" message rather than starting it again.
          <div className={draft ? "mt-4 max-w-4xl" : "mt-2 max-w-4xl"}>
            {draft ? (
              <h3 className="text-xl font-bold">
                {final ? `Draft of version ${draft.version}` : "Draft"}
                {draft.changeReason ? `: ${draft.changeReason}` : ""}
              </h3>
            ) : null}
            <CarePlanEditor
              key={draft && final ? draft.id : "care-plan-editor"}
              patientId={patient.id}
              patientName={patient.name}
              today={summary.today}
              initial={editorValues(summary)}
              keyWorkers={summary.editor.keyWorkers}
              reviewDays={summary.editor.reviewDays}
              saveAction={saveCarePlanDraftAction}
              finaliseAction={finaliseCarePlanAction}
            />
          </div>
        ) : (
          <div className="mt-4">
            <h3 className="text-xl font-bold">Change the plan</h3>
            <p className="text-slate-700">
              The final plan is locked. Revising it starts a new version from this one; this version stays in force until the new one is final.
            </p>
            <ReviseCarePlanForm carePlanId={final.id} version={final.version} action={reviseCarePlanAction} />
          </div>
        )}
      </section>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="text-2xl font-bold">
          Care plan history
        </h2>
        <CarePlanHistory entries={history} />
      </section>
    </>
  );
}
