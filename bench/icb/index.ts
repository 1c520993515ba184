/**
 * `npm run bench -- --scale icb`: the reads that must stay fast at the size of
 * an integrated care board (bench/icb/build.ts builds the data set), each
 * timed through the app's own service functions with a real actor, over
 * varied inputs: patient search (name, NHS number, date of birth), the flow
 * board, the clinic funnel report for a PCN-year and the audit search for one
 * patient. `--explain` adds the plan of every query those functions run
 * (PostgreSQL's auto_explain, with ANALYZE and BUFFERS).
 */
import { createDb, type Db } from "@/lib/db/client";
import type { Actor, ServiceContext } from "@/lib/db/context";
import { formatNhsNumber } from "@/lib/nhs-number";
import { searchAudit } from "@/lib/services/audit/search-audit";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { funnelByPractice, resolveFilter } from "@/lib/services/reports/internal/report-queries";
import { refreshVisitFacts } from "@/lib/services/reports/internal/visit-facts";
import { percentile, withThrowawayDatabase } from "../throwaway-database";
import { buildIcbDataSet, ICB, type IcbDataSet } from "./build";
import { SEARCH_NAME_SAMPLES } from "./names";

const RUNS = 60;

type Figure = { read: string; runs: number; p50Ms: number; p95Ms: number; maxMs: number; targetP95Ms: number; met: string };

/** A small seeded generator, so every run picks the same varied inputs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `run` once per input after one warm-up call; the 50th and 95th percentiles and the slowest, in ms. */
async function timeEach<T>(read: string, targetP95Ms: number, inputs: T[], run: (input: T) => Promise<unknown>): Promise<Figure> {
  await run(inputs[0]);
  const times: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await run(input);
    times.push(performance.now() - start);
  }
  const p95 = percentile(times, 95);
  return {
    read,
    runs: times.length,
    p50Ms: Number(percentile(times, 50).toFixed(1)),
    p95Ms: Number(p95.toFixed(1)),
    maxMs: Number(Math.max(...times).toFixed(1)),
    targetP95Ms: targetP95Ms,
    met: p95 <= targetP95Ms ? "yes" : "NO",
  };
}

const TWO_COMMON = "2 common letters (ar, an, ha, al, li)";
const TWO_RARE = "2 rare letters (ck, ki, ow, mc, yr)";

type Inputs = {
  search: Array<{ kind: string; actor: Actor; q: string }>;
  board: Array<{ actor: Actor; clinicDayId: string }>;
  report: Array<{ actor: Actor }>;
  audit: Array<{ actor: Actor; nhsNumber: string }>;
};

async function pickInputs(db: Db, data: IcbDataSet): Promise<Inputs> {
  const next = random(13);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const byPcn = new Map(data.pcns.map((p) => [p.org.pcnId, p]));
  // Patients spread over the register (ordered by a hash of the NHS number, which every build shares).
  const patients = await db.$queryRaw<Array<{ nhsNumber: string; dateOfBirth: Date; givenName: string; familyName: string; pcnId: string }>>`
    SELECT p."nhsNumber", p."dateOfBirth", p."givenName", p."familyName", pr."pcnId"
    FROM "Patient" p JOIN "Practice" pr ON pr.id = p."practiceId"
    ORDER BY md5(p."nhsNumber") LIMIT ${RUNS}`;
  // Patients who came to clinic days (their audit trail is the longest).
  const visitors = await db.$queryRaw<Array<{ nhsNumber: string; pcnId: string }>>`
    SELECT p."nhsNumber", pr."pcnId"
    FROM "Patient" p JOIN "Practice" pr ON pr.id = p."practiceId"
    WHERE EXISTS (SELECT 1 FROM "Appointment" a WHERE a."patientId" = p.id)
    ORDER BY md5(p."nhsNumber") LIMIT ${RUNS}`;
  const days = await db.$queryRaw<Array<{ id: string; pcnId: string }>>`
    SELECT cd.id, c."pcnId" FROM "ClinicDay" cd JOIN "Clinic" c ON c.id = cd."clinicId"
    ORDER BY md5(c.name || cd.date::text) LIMIT ${RUNS}`;

  const names = [
    ...SEARCH_NAME_SAMPLES.commonFamily,
    ...SEARCH_NAME_SAMPLES.rareFamily,
    ...SEARCH_NAME_SAMPLES.partial,
    ...SEARCH_NAME_SAMPLES.twoLetters,
  ];
  const search: Inputs["search"] = [];
  for (let i = 0; i < RUNS; i++) {
    const p = patients[i];
    const reception = byPcn.get(p.pcnId)!.actors.reception;
    const [y, m, d] = p.dateOfBirth.toISOString().slice(0, 10).split("-");
    search.push({ kind: "NHS number", actor: reception, q: formatNhsNumber(p.nhsNumber) });
    search.push({ kind: "date of birth", actor: reception, q: `${d}/${m}/${y}` });
    search.push({ kind: "given and family name", actor: reception, q: `${p.givenName} ${p.familyName}` });
    const name = pick(names);
    search.push({
      kind: name.length >= 3 ? "one name or part of one (3+ letters)" : "part of a name (2 letters)",
      actor: pick(data.pcns).actors.reception,
      q: name,
    });
  }
  // Two letters apart, common and rare pairs (a third as many runs each): the walk in name order serves the first,
  // the bigram index the second (docs/decisions/0014-reads-at-icb-scale.md, "Two-letter fragments").
  for (let i = 0; i < RUNS / 3; i++) {
    search.push({ kind: TWO_COMMON, actor: pick(data.pcns).actors.reception, q: pick(SEARCH_NAME_SAMPLES.twoLettersCommon) });
    search.push({ kind: TWO_RARE, actor: pick(data.pcns).actors.reception, q: pick(SEARCH_NAME_SAMPLES.twoLettersRare) });
  }
  return {
    search,
    board: days.map((day, i) => {
      const pcn = byPcn.get(day.pcnId)!;
      return { actor: i % 2 === 0 ? pcn.actors.lead : pcn.actors.reception, clinicDayId: day.id };
    }),
    report: Array.from({ length: 3 }, () => data.pcns.map((p) => ({ actor: p.actors.lead }))).flat(),
    audit: visitors.map((v) => ({ actor: byPcn.get(v.pcnId)!.actors.lead, nhsNumber: v.nhsNumber })),
  };
}

async function measure(db: Db, data: IcbDataSet, inputs: Inputs): Promise<Figure[]> {
  const as = (actor: Actor): ServiceContext => ({ db, actor });
  const period = { from: data.from, to: data.to };
  const figures: Figure[] = [];
  for (const kind of [...new Set(inputs.search.map((s) => s.kind))]) {
    const runs = inputs.search.filter((s) => s.kind === kind);
    figures.push(await timeEach(`patient search: ${kind}`, 50, runs, (s) => searchPatients(as(s.actor), { q: s.q })));
  }
  figures.push(await timeEach("patient search: all kinds", 50, inputs.search, (s) => searchPatients(as(s.actor), { q: s.q })));
  figures.push(
    await timeEach("flow board (getFlowBoard), a 60-patient day", 50, inputs.board, (b) => getFlowBoard(as(b.actor), { clinicDayId: b.clinicDayId })),
  );
  figures.push(
    // As a report counts it: the PCN's pending visits refreshed, then the funnel in one snapshot.
    await timeEach("clinic funnel for a PCN-year (refresh + funnelByPractice)", 200, inputs.report, async (r) => {
      await refreshVisitFacts(db, r.actor.pcnId);
      return db.$transaction(
        async (tx) => {
          const { filter } = await resolveFilter(tx, r.actor.pcnId, period);
          return funnelByPractice(tx, r.actor.pcnId, filter);
        },
        { isolationLevel: "RepeatableRead" },
      );
    }),
  );
  figures.push(
    await timeEach("clinic report page for a PCN-year (getClinicReport)", 200, inputs.report, (r) => getClinicReport(as(r.actor), period)),
  );
  figures.push(
    await timeEach("audit search for one patient (searchAudit)", 100, inputs.audit, (a) => searchAudit(as(a.actor), { nhsNumber: a.nhsNumber })),
  );
  return figures;
}

/**
 * Checks the data set is what the figures claim: every PCN's year of visits counted by the report. This is each
 * PCN's first report after the build, which computes the facts of all its visits (the build's writes marked them
 * all pending, as the migration marks existing visits): timed apart from the steady state measured later.
 */
async function checkReport(db: Db, data: IcbDataSet): Promise<Record<string, string | number>> {
  const expected = ICB.weekdays * ICB.weeks * ICB.visitsPerDay;
  const times: number[] = [];
  for (const p of data.pcns) {
    const started = performance.now();
    const report = await getClinicReport({ db, actor: p.actors.lead }, { from: data.from, to: data.to });
    times.push(performance.now() - started);
    if (report.counts.booked !== expected) throw new Error(`PCN ${p.pcnNo}: expected ${expected} visits in the funnel, got ${report.counts.booked}`);
  }
  return {
    read: "first clinic report per PCN after the build (computes its 15,600 visits' facts)",
    runs: times.length,
    p50Ms: Number(percentile(times, 50).toFixed(1)),
    p95Ms: Number(percentile(times, 95).toFixed(1)),
    maxMs: Number(Math.max(...times).toFixed(1)),
    target: "none (once per PCN)",
  };
}

/** Each measured function once more, with every query's plan written to the server log by auto_explain. */
async function explain(url: string, data: IcbDataSet, inputs: Inputs, serverLog: string[]): Promise<string> {
  const admin = createDb(url, 1);
  for (const setting of [
    "session_preload_libraries = 'auto_explain'",
    "auto_explain.log_min_duration = 0",
    "auto_explain.log_analyze = on",
    "auto_explain.log_buffers = on",
    "auto_explain.log_nested_statements = off",
  ]) {
    await admin.$executeRawUnsafe(`ALTER DATABASE bench SET ${setting}`);
  }
  await admin.$disconnect();
  // A new pool: its connections start with the settings above.
  const db = createDb(url, 1);
  const as = (actor: Actor): ServiceContext => ({ db, actor });
  const sections: string[] = [];
  const capture = async (title: string, run: () => Promise<unknown>) => {
    await run();
    serverLog.length = 0;
    await run();
    sections.push(`===== ${title}\n${serverLog.join("\n")}`);
  };
  const [name] = inputs.search.filter((s) => s.kind === "one name or part of one (3+ letters)" && /^[A-Z]/.test(s.q));
  const partial = inputs.search.find((s) => s.kind === "one name or part of one (3+ letters)" && /^[a-z]{3,}$/.test(s.q))!;
  for (const s of [
    name,
    partial,
    inputs.search.find((x) => x.kind === TWO_COMMON)!,
    inputs.search.find((x) => x.kind === TWO_RARE)!,
    inputs.search.find((x) => x.kind === "given and family name")!,
    inputs.search.find((x) => x.kind === "NHS number")!,
    inputs.search.find((x) => x.kind === "date of birth")!,
  ]) {
    await capture(`searchPatients ${s.kind}: "${s.q}"`, () => searchPatients(as(s.actor), { q: s.q }));
  }
  await capture("getFlowBoard", () => getFlowBoard(as(inputs.board[0].actor), { clinicDayId: inputs.board[0].clinicDayId }));
  await capture("getClinicReport (PCN-year)", () => getClinicReport(as(data.pcns[0].actors.lead), { from: data.from, to: data.to }));
  await capture("searchAudit (one patient)", () => searchAudit(as(inputs.audit[0].actor), { nhsNumber: inputs.audit[0].nhsNumber }));
  await db.$disconnect();
  return sections.join("\n\n");
}

export async function benchIcb(options: { explain?: boolean } = {}): Promise<void> {
  const serverLog: string[] = [];
  await withThrowawayDatabase(
    async (db, url) => {
      console.log(
        `ICB-sized data set: ${ICB.pcns} PCNs, ${ICB.patients.toLocaleString("en-GB")} patients, ` +
          `a year of weekly clinic days (${ICB.weekdays} a week per PCN, ${ICB.visitsPerDay} visits each)`,
      );
      const started = performance.now();
      const data = await buildIcbDataSet(db, url);
      const seconds = (performance.now() - started) / 1000;
      console.log(`Built in ${seconds.toFixed(0)} s (${(seconds / 60).toFixed(1)} minutes)`);
      console.table(data.steps.map((s) => ({ step: s.step, seconds: Number(s.seconds.toFixed(1)) })));
      console.log("Rows");
      console.table(Object.entries(data.counts).map(([table, rows]) => ({ table, rows })));
      const first = await checkReport(db, data);
      console.log("The first report of each PCN after the build (not the steady state):");
      console.table([first]);
      // The refreshes deleted every mark and wrote every fact: autovacuum analyses both tables within a minute
      // (the marks' table after every thousand changes); done here at once so the figures below do not depend on
      // when it wakes.
      await db.$executeRawUnsafe(`VACUUM (ANALYZE) "VisitFactPending", "VisitFact"`);
      const inputs = await pickInputs(db, data);
      console.log("Reads at ICB size, through the app's service functions (p50/p95 over varied inputs; targets are p95)");
      console.table(await measure(db, data, inputs));
      if (options.explain) {
        console.log("Query plans (auto_explain: ANALYZE, BUFFERS), one run of each read after a warm-up:");
        console.log(await explain(url, data, inputs, serverLog));
      }
    },
    {
      poolSize: 10,
      onLog: (message) => {
        if (options.explain) serverLog.push(String(message).trimEnd());
      },
    },
  );
}
