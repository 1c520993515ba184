/**
 * Name search through the name indexes (docs/decisions/0014-reads-at-icb-scale.md) finds exactly what the search
 * found before: the same patients, in the same order, cut at the same limit, with the same "more" flag, for random
 * fragments and words: three letters or more and two letters (the walk in order when it meets the limit, else the
 * trigram or the bigram index), one, mixtures of them, other cases, accents, apostrophes, hyphens, `%` and `_`.
 * The reference is the search's earlier query: Prisma's `contains` on either name, in the actor's PCN.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/db/context";
import { createPatient } from "@/lib/services/patients/create-patient";
import { SEARCH_RESULT_LIMIT, searchPatients, WALK_ROWS } from "@/lib/services/patients/search-patients";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

const FAMILY = ["Wood", "Woodward", "Atwood", "Wilson", "Williams", "Thompson", "Thomas", "Ashworth", "Nash", "Patel", "O'Connor", "Kowalski"];
const GIVEN = ["William", "Wilma", "Ashley", "Thomas", "Patrick", "Ali", "Sana", "Owen", "Kim", "Dąbrowka"];
/**
 * The larger register behind the two-letter searches: more of the PCN's patients than a two-letter search walks in
 * order, the names from A to Z, and some pairs of letters only in names late in that order ("ży", "yw" in
 * Żywiec, last in the order; a few early ones too), so a walk can stop short of the limit while later matches exist.
 */
const MORE_FAMILY = ["Abbott", "Ng", "Li", "Smith-Jones", "Ó Briain", "Øyen", "Quigley", "Young", "Żywiec", "ŁUKASZEWICZ"];
const MORE_GIVEN = ["Amélie", "İlkay", "Jo-Ann", "Zoë", "Sam", "ÅSA", "Mary_Ann", "Ed"];

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let reception: ServiceContext;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "frag" });
  reception = { db: t.db, actor: org.staff.reception };
  // Enough people with common names that many searches match more than the limit; a few in another PCN.
  for (let i = 0; i < 200; i++) {
    const mine = i % 7 !== 0;
    await createPatient(mine ? reception : { db: t.db, actor: other.staff.reception }, {
      ...demoPatientInput(i, (mine ? org : other).practiceIds, 95_000),
      givenName: GIVEN[(i * 7) % GIVEN.length],
      familyName: FAMILY[(i * 5) % FAMILY.length],
    });
  }
  // In one statement (the service would take minutes for this many; the search reads only the rows).
  const more = Array.from({ length: WALK_ROWS + 400 }, (_, i) => {
    const { nhsNumber, sex, dateOfBirth, practiceId } = demoPatientInput(i, i % 11 === 0 ? other.practiceIds : org.practiceIds, 905_000);
    const family = i % 5 === 0 ? FAMILY[i % FAMILY.length] : MORE_FAMILY[Math.floor(i / 5) % MORE_FAMILY.length];
    return {
      nhsNumber,
      sex,
      practiceId,
      dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`),
      familyName: family,
      // A few early in the order hold "ży" too (Abbott, Żywia): a walk that stops meets them and not the Żywiecs.
      givenName: family === "Abbott" && i % 4 === 1 ? "Żywia" : i % 3 === 0 ? GIVEN[i % GIVEN.length] : MORE_GIVEN[i % MORE_GIVEN.length],
    };
  });
  await t.db.patient.createMany({ data: more });
}, 180_000);

/** The search as it was: one Prisma query. */
async function reference(words: string[]) {
  const rows = await t.db.patient.findMany({
    where: {
      AND: [
        ...words.map((word) => ({
          OR: [{ givenName: { contains: word, mode: "insensitive" as const } }, { familyName: { contains: word, mode: "insensitive" as const } }],
        })),
        { practice: { pcnId: org.pcnId } },
      ],
    },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { dateOfBirth: "asc" }, { id: "asc" }],
    take: SEARCH_RESULT_LIMIT + 1,
    select: { id: true },
  });
  return { ids: rows.slice(0, SEARCH_RESULT_LIMIT).map((r) => r.id), more: rows.length > SEARCH_RESULT_LIMIT };
}

const NAMES = [...FAMILY, ...GIVEN, ...MORE_FAMILY, ...MORE_GIVEN];

/** A fragment of a name in the register, `min` to `max` characters, in any case. */
const fragment = (min: number, max: number) =>
  fc.tuple(fc.constantFrom(...NAMES), fc.nat(), fc.integer({ min, max }), fc.constantFrom("lower", "upper", "as is")).map(([name, at, length, c]) => {
    const part = [...name]
      .slice(at % Math.max(1, name.length - min + 1))
      .slice(0, length)
      .join("");
    return c === "lower" ? part.toLowerCase() : c === "upper" ? part.toUpperCase() : part;
  });

const piece = fc.oneof(
  fragment(3, 6),
  // Two letters: common pairs, rare ones, pairs only late in the order, none at all.
  fragment(2, 2),
  fragment(2, 2),
  fc.constantFrom("wil", "wood", "thom", "ash", "son", "al", "ki", "ow", "o'c", "zzz", "w%d", "wi_l", "th_m"),
  fc.constantFrom("an", "il", "ży", "ŻY", "YW", "ng", "Li", "o'", "h-", "ø", "ó ", "qx", "%a", "a%", "_i", "y_", "\\a", "a", "e", "İl", "ÅS"),
);

describe("name search through the trigram indexes", () => {
  it("lists the same patients in the same order, cut at the same limit, as the search's earlier query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 3 }), async (pieces) => {
        const q = pieces.join(" ");
        // As the search box reads it: the words between spaces (a piece may hold one, "ó ").
        const words = q.trim().split(/\s+/).filter(Boolean);
        fc.pre(words.join("").replace(/['-]/g, "").length >= 2);
        const expected = await reference(words);
        const found = await searchPatients(reception, { q });
        expect(found.kind).toBe("name");
        expect({ ids: found.patients.map((p) => p.id), more: found.more }, q).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("finds a pair of letters that only names late in the order hold, past where the walk in order stops", async () => {
    expect(await t.db.patient.count({ where: { practice: { pcnId: org.pcnId } } })).toBeGreaterThan(WALK_ROWS + 100);
    const expected = await reference(["ży"]);
    expect(expected.ids).toHaveLength(SEARCH_RESULT_LIMIT);
    expect(expected.more).toBe(true);
    const found = await searchPatients(reception, { q: "ŻY" });
    expect({ ids: found.patients.map((p) => p.id), more: found.more }).toEqual(expected);
  });

  it("finds three letters that only names late in the order hold, past where the walk in order stops", async () => {
    const expected = await reference(["żyw"]);
    expect(expected.ids).toHaveLength(SEARCH_RESULT_LIMIT);
    const found = await searchPatients(reception, { q: "ŻYW" });
    expect({ ids: found.patients.map((p) => p.id), more: found.more }).toEqual(expected);
  });

  it("reaches the limit for a common fragment and finds none of another PCN's patients", async () => {
    const found = await searchPatients(reception, { q: "wil" });
    expect(found.patients).toHaveLength(SEARCH_RESULT_LIMIT);
    expect(found.more).toBe(true);
    const theirs = await t.db.patient.findMany({ where: { practiceId: { in: other.practiceIds } }, select: { id: true } });
    expect(theirs.length).toBeGreaterThan(0);
    const ids = new Set(found.patients.map((p) => p.id));
    expect(theirs.filter((p) => ids.has(p.id))).toEqual([]);
  });
});
