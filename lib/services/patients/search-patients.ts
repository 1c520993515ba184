import { PATIENT_LANGUAGE, patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { assertPermission } from "@/lib/auth/permissions";
import { Prisma } from "@/lib/db/generated/client";
import type { LongTermCondition } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { parsePatientSearch, type PatientSearch } from "@/lib/patient-search";
import { parseInput } from "@/lib/validation/parse";
import { patientSearchSchema } from "@/lib/validation/patient-register";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import type { DbTx } from "@/lib/db/client";

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

const ORDER: Prisma.PatientOrderByWithRelationInput[] = [{ familyName: "asc" }, { givenName: "asc" }, { dateOfBirth: "asc" }, { id: "asc" }];

/** A word with three letters in a row has a trigram the name indexes can look up ("wood"; not "Li" or "O'C"). */
const TRIGRAM_WORD = /[\p{L}\p{N}]{3}/u;

/**
 * The ids of the PCN's patients whose names contain every word, in the search's order (at most `limit`), found
 * through the trigram indexes on (practice, name) (docs/decisions/0014-reads-at-icb-scale.md, "After, second
 * round"). The same match as the Prisma query (`ILIKE '%word%'` on either name; the word's own `%` and `_` are
 * wildcards there too). The PCN's practices are named in the query, so the indexes look up only their patients;
 * the matches are gathered first (MATERIALIZED: otherwise the planner walks the whole name index in order, hoping to
 * meet 51 matches early, which for a fragment that only 1 in 100 names contains means reading thousands) and then
 * sorted. Null when no word has three letters in a row (no trigram): the name index, walked in order, serves those.
 */
async function nameMatchIds(tx: DbTx, pcnId: string, words: string[], limit: number): Promise<string[] | null> {
  const indexed = words.filter((w) => TRIGRAM_WORD.test(w));
  if (indexed.length === 0) return null;
  const practices = (await tx.practice.findMany({ where: { pcnId }, select: { id: true } })).map((p) => p.id);
  if (practices.length === 0) return [];
  const matches = (ws: string[], alias: string) =>
    Prisma.join(
      ws.map((w) => Prisma.sql`(${Prisma.raw(alias)}."givenName" ILIKE ${`%${w}%`} OR ${Prisma.raw(alias)}."familyName" ILIKE ${`%${w}%`})`),
      " AND ",
    );
  const rows = await tx.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    WITH named AS MATERIALIZED (
      SELECT p.id, p."familyName", p."givenName", p."dateOfBirth"
      FROM "Patient" p
      WHERE p."practiceId" = ANY(${practices}::uuid[]) AND ${matches(indexed, "p")}
    )
    SELECT n.id::text AS id
    FROM named n
    WHERE ${matches(words, "n")}
    ORDER BY n."familyName", n."givenName", n."dateOfBirth", n.id
    LIMIT ${limit}`);
  return rows.map((r) => r.id);
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
    const select = {
      id: true,
      nhsNumber: true,
      givenName: true,
      familyName: true,
      dateOfBirth: true,
      longTermConditions: true,
      ...PATIENT_LANGUAGE,
      practice: { select: { name: true } },
    } satisfies Prisma.PatientSelect;
    const ids = search.kind === "name" ? await nameMatchIds(tx, ctx.actor.pcnId, search.words, SEARCH_RESULT_LIMIT + 1) : null;
    const rows = ids
      ? await tx.patient.findMany({ where: { id: { in: ids } }, orderBy: ORDER, select })
      : await tx.patient.findMany({
          where: { AND: [whereFor(search), { practice: { pcnId: ctx.actor.pcnId } }] },
          orderBy: ORDER,
          take: SEARCH_RESULT_LIMIT + 1,
          select,
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
