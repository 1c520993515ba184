/**
 * Name search through the trigram indexes (docs/decisions/0014-reads-at-icb-scale.md) finds exactly what the
 * search found before: the same patients, in the same order, cut at the same limit, with the same "more" flag, for
 * random fragments and words (three letters or more take the new path; shorter ones, mixtures, `%` and `_` too).
 * The reference is the search's earlier query: Prisma's `contains` on either name, in the actor's PCN.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/db/context";
import { createPatient } from "@/lib/services/patients/create-patient";
import { SEARCH_RESULT_LIMIT, searchPatients } from "@/lib/services/patients/search-patients";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

const FAMILY = ["Wood", "Woodward", "Atwood", "Wilson", "Williams", "Thompson", "Thomas", "Ashworth", "Nash", "Patel", "O'Connor", "Kowalski"];
const GIVEN = ["William", "Wilma", "Ashley", "Thomas", "Patrick", "Ali", "Sana", "Owen", "Kim", "Dąbrowka"];

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

const piece = fc.oneof(
  // A fragment of a name in the register, three letters or more, in any case.
  fc.tuple(fc.constantFrom(...FAMILY, ...GIVEN), fc.nat(), fc.integer({ min: 3, max: 6 }), fc.boolean()).map(([name, at, length, upper]) => {
    const start = at % Math.max(1, name.length - 2);
    const part = name.slice(start, start + length);
    return upper ? part.toUpperCase() : part.toLowerCase();
  }),
  fc.constantFrom("wil", "wood", "thom", "ash", "son", "al", "ki", "ow", "o'c", "zzz", "w%d", "wi_l", "th_m"),
);

describe("name search through the trigram indexes", () => {
  it("lists the same patients in the same order, cut at the same limit, as the search's earlier query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 2 }), async (words) => {
        const q = words.join(" ");
        const expected = await reference(words);
        const found = await searchPatients(reception, { q });
        expect(found.kind).toBe("name");
        expect({ ids: found.patients.map((p) => p.id), more: found.more }, q).toEqual(expected);
      }),
      { numRuns: 60 },
    );
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
