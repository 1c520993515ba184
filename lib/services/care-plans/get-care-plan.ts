import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { carePlanCopySchema } from "@/lib/validation/care-plan";
import { chooseLanguage } from "@/lib/messages";
import { loadCatalogues } from "@/lib/services/messages/internal/catalogue-files";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { isoDate } from "@/lib/schedule/date-only";
import { loadPatient, mayReadPlan } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";
import { loadPlans } from "@/lib/services/care-plans/internal/load-plans";

/**
 * The patient's current care plan for reading or printing: the final plan, and
 * for clinicians also a draft in progress. A key worker reads only a plan
 * naming them; anyone else's patient is NOT_FOUND, as if it did not exist.
 * With it, what the patient's printed copy needs: the catalogue for their
 * preferred language, and whether the copy is easy read (asked for, or by
 * default for a patient with a learning disability).
 */
export async function getCarePlan(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "care-plan:view");
  const { patientId, format } = parseInput(carePlanCopySchema, input);
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, patientId);
    const { final, draft } = await loadPlans(tx, patientId);
    const clinician = mayReadPlan(ctx.actor, { keyWorkerId: null });
    if (!final && !(clinician && draft)) throw new AppError("NOT_FOUND", "This patient has no care plan yet");
    if (!mayReadPlan(ctx.actor, final ?? { keyWorkerId: null })) throw new AppError("NOT_FOUND", "That care plan was not found");
    const shown = final ?? draft!;
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "care-plan.view",
      patientId,
      entityType: "CarePlan",
      entityId: shown.id,
      request: ctx.request,
      details: { version: shown.version },
    });
    const learningDisability = patient.longTermConditions.includes("LEARNING_DISABILITY");
    const catalogues = loadCatalogues();
    const choice = chooseLanguage(patient.preferredLanguage, [...catalogues.keys()]);
    return {
      patient: {
        id: patient.id,
        name: `${patient.givenName} ${patient.familyName}`,
        nhsNumber: patient.nhsNumber,
        dateOfBirth: isoDate(patient.dateOfBirth)!,
        practiceName: patient.practice.name,
        preferredLanguage: patient.preferredLanguage,
        interpreterNeeded: patient.interpreterNeeded,
        learningDisability,
      },
      copy: { choice, catalogue: catalogues.get(choice.locale) ?? null, easyRead: format ? format === "easy-read" : learningDisability },
      plan: shown,
      draft: clinician ? draft : null,
    };
  });
}
