/**
 * The reports' SQL counts outcomes exactly as the pure definitions do
 * (lib/outcomes/recovery.ts, decision 0015): the pure module's worked examples,
 * and random courses, written to the database, give the same outcome per
 * referral and the same counts per practice as referralOutcome/outcomeRates.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { outcomeRates, referralOutcome, type Contact } from "@/lib/outcomes/recovery";
import { sumOutcomes } from "@/lib/reports/outcomes";
import { builtinInstrument } from "@/lib/outcomes/instruments";
import { ensureBuiltinInstruments, type BuiltinCode } from "@/lib/services/outcomes/internal/instrument-versions";
import { outcomeCounts, referralOutcomes } from "@/lib/services/reports/internal/outcome-queries";
import { createPatient } from "@/lib/services/patients/create-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";
import { answersFor, createTherapyReferral, writeCourse, type CourseContact, type ReferralInput } from "@/tests/helpers/outcome-factories";

let t: TestDatabase;
let org: Organisation;
let instruments: Record<BuiltinCode, string>;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  instruments = await t.db.$transaction((tx) => ensureBuiltinInstruments(tx));
});

type Course = { name: string; contacts: CourseContact[]; closed: boolean };

const s = (
  month: string,
  day: number,
  phq9: number | null,
  gad7: number | null,
  kind: CourseContact["kind"] = "TREATMENT",
  attendance: CourseContact["attendance"] = "ATTENDED",
): CourseContact => ({ date: `${month}-${String(day).padStart(2, "0")}`, kind, attendance, phq9, gad7 });

/** lib/outcomes/recovery.test.ts's worked examples, in October 2026. */
function workedExamples(m: string): Course[] {
  return [
    { name: "recovered reliably", closed: true, contacts: [s(m, 1, 16, 12, "ASSESSMENT"), s(m, 8, 13, 10), s(m, 15, 10, 7), s(m, 22, 7, 6)] },
    { name: "not at caseness, improved", closed: true, contacts: [s(m, 1, 8, 6, "ASSESSMENT"), s(m, 8, 5, 4), s(m, 15, 2, 1)] },
    { name: "one treatment session", closed: true, contacts: [s(m, 1, 15, 12, "ASSESSMENT"), s(m, 8, 6, 4)] },
    { name: "better on one, worse on the other", closed: true, contacts: [s(m, 1, 12, 10), s(m, 8, 9, 12), s(m, 15, 5, 15)] },
    { name: "reliably deteriorated", closed: true, contacts: [s(m, 1, 11, 9), s(m, 8, 17, 9)] },
    { name: "recovered by a small change", closed: true, contacts: [s(m, 1, 10, 8), s(m, 8, 9, 7)] },
    { name: "still open", closed: false, contacts: [s(m, 1, 20, 18), s(m, 8, 10, 9), s(m, 15, 3, 2)] },
    {
      name: "missed and half-measured sessions",
      closed: true,
      contacts: [
        s(m, 1, 14, 11, "ASSESSMENT"),
        s(m, 3, null, null, "TREATMENT", "DID_NOT_ATTEND"),
        s(m, 8, 12, null),
        s(m, 15, 9, 7),
        s(m, 22, 3, null),
        s(m, 29, null, null, "TREATMENT", "CANCELLED"),
      ],
    },
    { name: "one measured session", closed: true, contacts: [s(m, 1, 16, 12), s(m, 8, null, null), s(m, 15, null, null)] },
  ];
}

const pure = (c: CourseContact): Contact => ({ at: c.date, kind: c.kind, attendance: c.attendance ?? "ATTENDED", phq9: c.phq9, gad7: c.gad7 });

async function seedCourse(course: Course, r: Omit<ReferralInput, "patientId" | "ownerId">): Promise<{ referralId: string; practiceId: string }> {
  const input = demoPatientInput(seq++, org.practiceIds);
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, input);
  const referralId = await t.db.$transaction(async (tx) => {
    const id = await createTherapyReferral(tx, { ...r, patientId: patient.id, ownerId: org.staff.therapist.id });
    await writeCourse(tx, { patientId: patient.id, referralId: id, practitionerId: org.staff.therapist.id, instruments, contacts: course.contacts });
    return id;
  });
  return { referralId, practiceId: input.practiceId };
}

const fields = [
  "treatmentSessions",
  "finishedTreatment",
  "atCaseness",
  "inRecoveryRate",
  "inImprovementRate",
  "recovered",
  "reliablyImproved",
  "reliablyDeteriorated",
] as const;

function sqlView(row: Awaited<ReturnType<typeof referralOutcomes>>[number]) {
  return {
    ...Object.fromEntries(fields.map((f) => [f, row[f]])),
    first: row.firstPhq9 === null ? null : { phq9: row.firstPhq9, gad7: row.firstGad7 },
    last: row.lastPhq9 === null ? null : { phq9: row.lastPhq9, gad7: row.lastGad7 },
  };
}

function pureView(course: Course) {
  const o = referralOutcome(course.contacts.map(pure), course.closed);
  return { ...Object.fromEntries(fields.map((f) => [f, o[f]])), first: o.first, last: o.last };
}

describe("the outcome counts in PostgreSQL", () => {
  it("give the pure module's outcome for each worked example, and its rates for the month they closed in", async () => {
    const courses = workedExamples("2026-10");
    const seeded: Array<{ referralId: string; practiceId: string }> = [];
    for (const course of courses) {
      seeded.push(
        await seedCourse(course, {
          pathway: "STEP_2",
          referredAt: "2026-09-28",
          enteredTreatmentAt: "2026-10-01",
          closedAt: course.closed ? "2026-10-30" : null,
        }),
      );
    }
    const rows = await t.db.$transaction((tx) => referralOutcomes(tx, org.pcnId, { from: "2026-10-01", to: "2026-10-31" }));
    for (const [i, course] of courses.entries()) {
      const row = rows.find((r) => r.referralId === seeded[i].referralId)!;
      expect({ name: course.name, ...sqlView(row) }).toEqual({ name: course.name, ...pureView(course) });
    }

    const counts = await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, { from: "2026-10-01", to: "2026-10-31" }));
    const total = sumOutcomes(counts);
    const expected = outcomeRates(courses.map((c) => referralOutcome(c.contacts.map(pure), c.closed)));
    expect(total).toEqual({
      ...expected,
      received: 0,
      enteredTreatment: courses.length,
      closedAfterTreatment: courses.filter((c) => c.closed).length,
    });
    // Not vacuous: 7 finished, 3 of 5 at caseness recovered, 3 of 6 with paired scores reliably improved.
    expect(expected).toMatchObject({ finishedTreatment: 7, atCaseness: 5, recovered: 3, paired: 6, reliablyImproved: 3 });
    // Received in September: counted in September's referrals, not October's.
    const september = sumOutcomes(await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, { from: "2026-09-01", to: "2026-09-30" })));
    expect(september).toMatchObject({ received: courses.length, enteredTreatment: 0, finishedTreatment: 0, atCaseness: 0 });
  });

  it("counts a corrected contact as corrected, and ignores versions not validated for outcomes", async () => {
    const m = "2026-07";
    const course: Course = { name: "corrected", closed: true, contacts: [s(m, 1, 15, 12), s(m, 8, 12, 10), s(m, 15, 6, 5)] };
    const { referralId } = await seedCourse(course, {
      pathway: "STEP_3",
      referredAt: "2026-07-01",
      enteredTreatmentAt: "2026-07-01",
      closedAt: "2026-07-20",
    });
    const contacts = await t.db.therapyContact.findMany({ where: { referralId }, orderBy: { date: "asc" } });
    const patientId = (await t.db.referral.findUniqueOrThrow({ where: { id: referralId } })).patientId;
    const period = { from: "2026-07-01", to: "2026-07-31" };
    const before = await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, period));
    expect(sumOutcomes(before)).toMatchObject({ finishedTreatment: 1, atCaseness: 1, recovered: 1, reliablyRecovered: 1 });

    // A local PHQ-9 not validated for outcomes, taken last at the final session: not counted.
    const phq9 = builtinInstrument("PHQ9");
    const local = await t.db.instrumentVersion.create({
      data: {
        ...phq9,
        code: "PHQ9-SHORTLOCAL",
        pcnId: org.pcnId,
        validatedForOutcomes: false,
        items: phq9.items,
        options: phq9.options,
        bands: phq9.bands,
      },
    });
    await t.db.measureResponse.create({
      data: {
        patientId,
        contactId: contacts[2].id,
        instrumentVersionId: local.id,
        answers: [3, 3, 3, 3, 3, 3, 0, 0, 0],
        total: 18,
        completedBy: "PATIENT",
        recordedById: org.staff.therapist.id,
      },
    });
    expect(sumOutcomes(await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, period)))).toMatchObject({ recovered: 1 });

    // The last session corrected: it was missed, not attended. Two sessions stand, the last at 12 and 10: not recovered.
    await t.db.therapyContact.create({
      data: {
        referralId,
        date: contacts[2].date,
        kind: "TREATMENT",
        attendance: "DID_NOT_ATTEND",
        practitionerId: org.staff.therapist.id,
        recordedById: org.staff.therapist.id,
        supersedesId: contacts[2].id,
        correctionReason: "Recorded against the wrong patient's session",
      },
    });
    const expected = outcomeRates([referralOutcome([course.contacts[0], course.contacts[1]].map(pure), true)]);
    const after = sumOutcomes(await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, period)));
    expect(after).toMatchObject({ ...expected, closedAfterTreatment: 1 });
    expect(after).toMatchObject({ finishedTreatment: 1, atCaseness: 1, recovered: 0 });
  });

  it("agree with referralOutcome and outcomeRates on random courses, per referral and per practice, pathway and condition", async () => {
    const m = "2025-03";
    const contact = fc.record({
      kind: fc.constantFrom<CourseContact["kind"]>("ASSESSMENT", "TREATMENT", "TREATMENT"),
      attendance: fc.constantFrom<NonNullable<CourseContact["attendance"]>>("ATTENDED", "ATTENDED", "ATTENDED", "DID_NOT_ATTEND", "CANCELLED"),
      phq9: fc.option(fc.integer({ min: 0, max: 27 }), { freq: 5 }),
      gad7: fc.option(fc.integer({ min: 0, max: 21 }), { freq: 5 }),
    });
    const courseArb = fc.record({
      contacts: fc.array(contact, { maxLength: 8 }),
      closed: fc.boolean(),
      pathway: fc.constantFrom<ReferralInput["pathway"]>("STEP_2", "STEP_3", "LONG_TERM_CONDITIONS"),
      condition: fc.constantFrom<NonNullable<ReferralInput["ltcCondition"]>>("DIABETES", "COPD", "CHRONIC_PAIN"),
    });
    const samples = fc.sample(courseArb, { numRuns: 40, seed: 15 });
    const seeded: Array<{ referralId: string; practiceId: string; course: Course; pathway: string; ltc: string | null }> = [];
    for (const [i, x] of samples.entries()) {
      // Distinct days, so the order is the contacts' own; unattended contacts carry no measures (the database refuses them).
      const contacts = x.contacts.map((c, d) => ({
        ...s(m, d + 2, c.attendance === "ATTENDED" ? c.phq9 : null, c.attendance === "ATTENDED" ? c.gad7 : null, c.kind, c.attendance),
      }));
      const course: Course = { name: `random ${i}`, contacts, closed: x.closed };
      const ltc = x.pathway === "LONG_TERM_CONDITIONS" ? x.condition : null;
      const r = await seedCourse(course, {
        pathway: x.pathway,
        ltcCondition: ltc,
        referredAt: `${m}-01`,
        enteredTreatmentAt: `${m}-01`,
        closedAt: x.closed ? `${m}-28` : null,
      });
      seeded.push({ ...r, course, pathway: x.pathway, ltc });
    }
    const period = { from: `${m}-01`, to: `${m}-31` };
    const rows = await t.db.$transaction((tx) => referralOutcomes(tx, org.pcnId, period));
    for (const x of seeded) {
      const row = rows.find((r) => r.referralId === x.referralId)!;
      expect({ name: x.course.name, ...sqlView(row) }).toEqual({ name: x.course.name, ...pureView(x.course) });
    }
    const counts = await t.db.$transaction((tx) => outcomeCounts(tx, org.pcnId, period));
    const groups = new Map<string, typeof seeded>();
    for (const x of seeded) {
      const key = `${x.practiceId}/${x.pathway}/${x.ltc}`;
      groups.set(key, [...(groups.get(key) ?? []), x]);
    }
    expect(counts).toHaveLength(groups.size);
    for (const row of counts) {
      const group = groups.get(`${row.practiceId}/${row.pathway}/${row.ltcCondition}`)!;
      const expected = outcomeRates(group.map((x) => referralOutcome(x.course.contacts.map(pure), x.course.closed)));
      expect(row).toEqual({
        practiceId: row.practiceId,
        pathway: row.pathway,
        ltcCondition: row.ltcCondition,
        ...expected,
        received: group.length,
        enteredTreatment: group.length,
        closedAfterTreatment: group.filter((x) => x.course.closed).length,
      });
    }
    // The sample is not trivial: some recovered, some not, some not at caseness.
    const all = sumOutcomes(counts);
    expect(all.recovered).toBeGreaterThan(0);
    expect(all.atCaseness).toBeGreaterThan(all.recovered);
    expect(all.paired).toBeGreaterThan(all.atCaseness);
  });
});

it("answersFor makes any total from 0 to the maximum", () => {
  for (let total = 0; total <= 21; total++) expect(answersFor(7, total).reduce((a, b) => a + b, 0)).toBe(total);
});
