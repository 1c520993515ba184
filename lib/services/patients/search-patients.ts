import { PATIENT_LANGUAGE, patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { assertPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/generated/client";
import type { LongTermCondition } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { parsePatientSearch, type PatientSearch } from "@/lib/patient-search";
import { parseInput } from "@/lib/validation/parse";
import { patientSearchSchema } from "@/lib/validation/patient-register";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export const SEARCH_RESULT_LIMIT = 50;

export type PatientSummary = {
  id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  practiceName: string;
  longTermConditions: LongTermCondition[];
  language: PatientLanguage;
};

export type PatientSearchResult = {
  kind: Exclude<PatientSearch["kind"], "invalid">;
  patients: PatientSummary[];
  /** True when more patients matched than are shown. */
  more: boolean;
};

function whereFor(search: Exclude<PatientSearch, { kind: "invalid" }>): Prisma.PatientWhereInput {
  switch (search.kind) {
    case "nhs-number":
      return { nhsNumber: search.nhsNumber };
    case "date-of-birth":
      return { dateOfBirth: new Date(`${search.dateOfBirth}T00:00:00Z`) };
    case "name":
      return {
        AND: search.words.map((word) => ({
          OR: [{ givenName: { contains: word, mode: "insensitive" as const } }, { familyName: { contains: word, mode: "insensitive" as const } }],
        })),
      };
  }
}

/**
 * Finds patients of the actor's PCN by name, NHS number or date of birth, from
 * one search term. Every patient listed is a patient record seen, so audited.
 */
export async function searchPatients(ctx: ServiceContext, input: unknown): Promise<PatientSearchResult> {
  assertPermission(ctx.actor, "patient:view");
  const { q } = parseInput(patientSearchSchema, input);
  const search = parsePatientSearch(q);
  if (search.kind === "invalid") throw new AppError("VALIDATION", search.message, { fieldErrors: { q: search.message } });
  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.patient.findMany({
      where: { AND: [whereFor(search), { practice: { pcnId: ctx.actor.pcnId } }] },
      orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { dateOfBirth: "asc" }],
      take: SEARCH_RESULT_LIMIT + 1,
      select: {
        id: true,
        nhsNumber: true,
        givenName: true,
        familyName: true,
        dateOfBirth: true,
        longTermConditions: true,
        ...PATIENT_LANGUAGE,
        practice: { select: { name: true } },
      },
    });
    const patients = rows.slice(0, SEARCH_RESULT_LIMIT).map((p) => ({
      id: p.id,
      nhsNumber: p.nhsNumber,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth.toISOString().slice(0, 10),
      practiceName: p.practice.name,
      longTermConditions: p.longTermConditions,
      language: patientLanguage(p),
    }));
    // The kind of search, not the term: the term may itself be an identifier.
    await recordPatientViews(
      tx,
      {
        actor: ctx.actor,
        action: "patient.search",
        entityType: "Patient",
        request: ctx.request,
        details: { searchKind: search.kind, results: patients.length },
      },
      patients.map((p) => p.id),
    );
    return { kind: search.kind, patients, more: rows.length > SEARCH_RESULT_LIMIT };
  });
}
