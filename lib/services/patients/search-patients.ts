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
 * A word with two characters in a row that are not `LIKE` wildcards or its escape (`%`, `_`, `\`) has a bigram the
 * bigram index can look up ("Li", "O'C"; not "a" or "w%"): `name_bigrams` leaves out every pair holding one of them,
 * in names and in words alike.
 */
const BIGRAM_WORD = /[^%_\\]{2}/u;

/**
 * How many of the PCN's patients, in the search's order, a search without a trigram reads before it gives up the
 * walk and gathers its matches from the bigram index instead (docs/decisions/0014-reads-at-icb-scale.md,
 * "Two-letter fragments"): a pair of letters that one name in twenty or more holds ("ar", "li") meets its 51
 * matches within it; a rarer one ("ki" in this order, "yr") has few enough matches to gather and sort.
 */
export const WALK_ROWS = 2000;

type NameRow = { id: string };

/** `ILIKE '%word%'` on either name, every word: the Prisma query's match (the word's own `%` and `_` are wildcards there too). */
function nameMatches(words: string[], alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.join(
    words.map((w) => Prisma.sql`(${a}."givenName" ILIKE ${`%${w}%`} OR ${a}."familyName" ILIKE ${`%${w}%`})`),
    " AND ",
  );
}

/**
 * The first `limit` of the PCN's patients whose names contain every word, in the search's order, when they are
 * among its first `WALK_ROWS` patients in that order; otherwise fewer. Each practice's patients are read in order
 * from the index on (practice, family name, given name, date of birth, id) alone, merged, and the walk stops at
 * the `limit`th match: for a common pair of letters that is a few hundred rows.
 */
async function walkInOrder(tx: DbTx, practices: string[], words: string[], limit: number): Promise<NameRow[]> {
  const byPractice = practices.map(
    (id) => Prisma.sql`(SELECT p.id, p."familyName", p."givenName", p."dateOfBirth" FROM "Patient" p
      WHERE p."practiceId" = ${id}::uuid ORDER BY p."familyName", p."givenName", p."dateOfBirth", p.id)`,
  );
  return tx.$queryRaw<NameRow[]>(Prisma.sql`
    SELECT w.id::text AS id
    FROM (
      SELECT u.* FROM (${Prisma.join(byPractice, " UNION ALL ")}) u
      ORDER BY u."familyName", u."givenName", u."dateOfBirth", u.id
      LIMIT ${WALK_ROWS}
    ) w
    WHERE ${nameMatches(words, "w")}
    ORDER BY w."familyName", w."givenName", w."dateOfBirth", w.id
    LIMIT ${limit}`);
}

/**
 * The ids of the PCN's patients whose names contain every word, in the search's order (at most `limit`): the same
 * patients, order and cut as the Prisma query (`whereFor`), whichever index finds them
 * (docs/decisions/0014-reads-at-icb-scale.md, "After, second round" and "Two-letter fragments"). The PCN's
 * practices are named in the query, so the indexes read only their patients.
 *
 * A word with three letters in a row is looked up by trigram (pg_trgm). Without one, the words' pairs of characters
 * are looked up instead: `name_bigrams` gives every pair in a row of a lower-cased name, and `ILIKE` (which
 * lower-cases both sides) can only match a name holding every pair of the lower-cased word, so the bigram index
 * finds a superset of the matches and the `ILIKE` still decides. A common fragment ("ar", "son") matches much of the
 * PCN, though, so for every search the search's order is walked first, for at most `WALK_ROWS` patients: if the walk
 * meets `limit` matches, they are the first `limit` ("Audit writes, and words of three letters or more" there).
 *
 * The looked-up matches are gathered first (MATERIALIZED: otherwise the planner walks the whole name index in
 * order, hoping to meet 51 matches early, which for a fragment that only 1 in 100 names contains means reading
 * thousands) and then sorted. Null when no word has even two such characters in a row ("a b"): the earlier query
 * serves those.
 */
async function nameMatchIds(tx: DbTx, pcnId: string, words: string[], limit: number): Promise<string[] | null> {
  const trigrams = words.filter((w) => TRIGRAM_WORD.test(w));
  const bigrams = trigrams.length === 0 ? words.filter((w) => BIGRAM_WORD.test(w)) : [];
  if (trigrams.length === 0 && bigrams.length === 0) return null;
  const practices = (await tx.practice.findMany({ where: { pcnId }, select: { id: true } })).map((p) => p.id);
  if (practices.length === 0) return [];
  const walked = await walkInOrder(tx, practices, words, limit);
  if (walked.length === limit) return walked.map((r) => r.id);
  // The walk fell short, so fewer than one in forty of the names it read match: gathering the matches through a name
  // index reads only those. Left to itself the planner, which prices ILIKE as nearly free, would rather test every
  // name of the PCN in its name-order index ("wood": 33 ms that way, 4 ms through the trigram index; "son" 41 against
  // 7), so index-only scans are off for the rest of this transaction (what follows reads by primary key and writes the
  // audit events). And a common pair's gather (up to a quarter of the PCN) took two parallel workers, whose start costs more
  // than they save on a server shared by many desks (docs/decisions/0014-reads-at-icb-scale.md, "Two-letter fragments"
  // and "Audit writes, and words of three letters or more").
  await tx.$executeRaw`SELECT set_config('enable_indexonlyscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;
  const lookUp =
    trigrams.length > 0
      ? nameMatches(trigrams, "p")
      : Prisma.sql`(name_bigrams(p."givenName") || name_bigrams(p."familyName")) @> (${Prisma.join(
          bigrams.map((w) => Prisma.sql`name_bigrams(${w}::text)`),
          " || ",
        )})`;
  const rows = await tx.$queryRaw<NameRow[]>(Prisma.sql`
    WITH named AS MATERIALIZED (
      SELECT p.id, p."familyName", p."givenName", p."dateOfBirth"
      FROM "Patient" p
      WHERE p."practiceId" = ANY(${practices}::uuid[]) AND ${lookUp}
    )
    SELECT n.id::text AS id
    FROM named n
    WHERE ${nameMatches(words, "n")}
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
