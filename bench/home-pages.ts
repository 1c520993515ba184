/**
 * Each role's home page under load, over HTTP against the production build on
 * its own embedded PostgreSQL with the demo clinic (free loopback ports; builds
 * first if the build is stale): 20 signed-in people, spread over the six roles'
 * demo accounts, reload their home pages all at once for a number of rounds.
 * Then each home page alone, and the SQL statements one view of each costs
 * (counted by pg_stat_statements, switched on after the timings so it does not
 * weigh on them).
 */
import pg from "pg";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_HOME } from "@/lib/auth/permissions";
import { DEMO_STAFF, type DemoStaffKey } from "@/tests/helpers/factories";
import { ensureBuild } from "@/tests/faults/global-setup";
import { percentile, prepareTemplate, signIn, startStack, type Stack } from "@/tests/faults/harness";
import { freePort } from "@/bench/throwaway-database";

/** The demo accounts of each role; sessions go round the roles, and round each role's accounts. */
const ACCOUNTS_BY_ROLE: Record<Role, DemoStaffKey[]> = {
  RECEPTION: ["reception"],
  HEALTH_BUDDY: ["buddy", "buddy2"],
  THERAPIST: ["therapist"],
  GP: ["gp", "gp2"],
  CLINIC_LEAD: ["lead"],
  MENTAL_HEALTH_PARTNER: ["partner", "partner2"],
};
const ROLES = Object.keys(ACCOUNTS_BY_ROLE) as Role[];

export const HOME_PAGES_TARGET_P95_MS = 150;

type Person = { role: Role; account: DemoStaffKey; home: string; cookie: string };
type View = { role: Role; ms: number; status: number };

const ms = (n: number) => Math.round(n * 10) / 10;

/** One view of a home page as a browser loads it: the whole HTML, following no redirect (a redirect means signed out). */
async function view(stack: Stack, person: Person): Promise<View> {
  const started = performance.now();
  const response = await fetch(`${stack.baseUrl}${person.home}`, {
    headers: { Cookie: person.cookie, Accept: "text/html" },
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const html = await response.text();
  const ok = response.status === 200 && html.includes("<h1");
  return { role: person.role, ms: performance.now() - started, status: ok ? 200 : response.status || 599 };
}

async function signInPeople(stack: Stack, count: number): Promise<Person[]> {
  const people: Person[] = [];
  const accountTurn = new Map<Role, number>();
  const wanted = Array.from({ length: count }, (_, i) => {
    const role = ROLES[i % ROLES.length];
    const turn = accountTurn.get(role) ?? 0;
    accountTurn.set(role, turn + 1);
    const accounts = ACCOUNTS_BY_ROLE[role];
    return { role, account: accounts[turn % accounts.length] };
  });
  // A few at a time: each sign-in hashes a password.
  for (let i = 0; i < wanted.length; i += 4) {
    const batch = wanted.slice(i, i + 4);
    const cookies = await Promise.all(batch.map((w) => signIn(stack.baseUrl, DEMO_STAFF[w.account].email)));
    batch.forEach((w, k) => people.push({ ...w, home: ROLE_HOME[w.role], cookie: cookies[k] }));
  }
  return people;
}

function describe(views: View[], wallMs?: number): Record<string, string | number> {
  const times = views.map((v) => v.ms);
  return {
    views: views.length,
    failed: views.filter((v) => v.status !== 200).length,
    "p50 ms": ms(percentile(times, 50)),
    "p95 ms": ms(percentile(times, 95)),
    "max ms": ms(Math.max(...times)),
    ...(wallMs === undefined ? {} : { "pages/s": ms((views.length / wallMs) * 1000) }),
  };
}

/**
 * SQL statements per view of each role's home page (every statement the app sent, BEGIN and COMMIT included),
 * from pg_stat_statements: the database restarts with the extension loaded, then each page is viewed `views` times
 * after a warm-up view and the calls are divided by `views`.
 */
async function statementsPerView(stack: Stack, people: Person[], views: number): Promise<{ counts: Record<string, number>; top: string[] }> {
  const admin = new pg.Client({ connectionString: stack.dbUrl });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.query("ALTER SYSTEM SET pg_stat_statements.track_utility = on");
  await admin.end();
  await stack.stopDatabase();
  await stack.startDatabase();
  const client = new pg.Client({ connectionString: stack.dbUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const counts: Record<string, number> = {};
    const top: string[] = [];
    for (const role of ROLES) {
      const person = people.find((p) => p.role === role)!;
      // The app's pool reconnects after the restart; the warm-up view also leaves the session fresh.
      for (let i = 0; i < 20 && (await view(stack, person)).status !== 200; i++) await new Promise((done) => setTimeout(done, 250));
      await client.query("SELECT pg_stat_statements_reset()");
      for (let i = 0; i < views; i++) {
        const seen = await view(stack, person);
        if (seen.status !== 200) throw new Error(`${person.home} as ${person.account} answered ${seen.status}`);
      }
      const { rows } = await client.query<{ query: string; calls: string }>(
        `SELECT query, calls FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT ILIKE '%pg_stat_statements%'
          ORDER BY calls DESC`,
      );
      const total = rows.reduce((sum, row) => sum + Number(row.calls), 0);
      counts[person.home] = ms(total / views);
      if (process.env.HOME_PAGES_STATEMENTS) {
        top.push(`${person.home} (${ms(total / views)} per view):`);
        for (const row of rows) top.push(`  ${ms(Number(row.calls) / views)}× ${row.query.replace(/\s+/g, " ").slice(0, 220)}`);
      }
    }
    return { counts, top };
  } finally {
    await client.end();
  }
}

export type HomePagesFigures = {
  underLoad: Array<Record<string, string | number>>;
  alone: Array<Record<string, string | number>>;
  statements: string[];
};

/**
 * `people` sessions reload their home pages at once, `rounds` times (each round waits for every page before the next
 * starts); then each role's home page alone, `aloneViews` times one after another; then the statements per view.
 */
export async function benchHomePages(options: { people?: number; rounds?: number; aloneViews?: number } = {}): Promise<HomePagesFigures> {
  const { people: count = 20, rounds = 15, aloneViews = 10 } = options;
  ensureBuild();
  process.env.FAULTS_DB_PORT ??= String(await freePort());
  process.env.FAULTS_APP_PORT ??= String(await freePort());
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT));
  const stack = await startStack("bench-home", 2);
  try {
    const people = await signInPeople(stack, count);
    // Warm up: every page rendered once, the app's pool opened.
    await Promise.all(people.map((person) => view(stack, person)));

    const loaded: View[] = [];
    const started = performance.now();
    for (let round = 0; round < rounds; round++) loaded.push(...(await Promise.all(people.map((person) => view(stack, person)))));
    const wallMs = performance.now() - started;
    const overall = describe(loaded, wallMs);
    const underLoad = [
      ...ROLES.map((role) => ({
        who: `${ROLE_HOME[role]} (${people.filter((p) => p.role === role).length} people)`,
        ...describe(loaded.filter((v) => v.role === role)),
      })),
      {
        who: `all ${count} people, ${rounds} rounds`,
        ...overall,
        target: `p95 ≤ ${HOME_PAGES_TARGET_P95_MS} ms`,
        met: Number(overall["p95 ms"]) <= HOME_PAGES_TARGET_P95_MS && overall.failed === 0 ? "yes" : "NO",
      },
    ];

    // The floor: the same load on a page that reads neither the session nor the database (/forbidden), so the
    // framework's own share (proxy, rendering, compression) shows beside the home pages'.
    const floorViews: View[] = [];
    const floorStarted = performance.now();
    for (let round = 0; round < rounds; round++) {
      floorViews.push(...(await Promise.all(people.map((person) => view(stack, { ...person, home: "/forbidden" })))));
    }
    underLoad.push({ who: "floor: /forbidden, no session or database", ...describe(floorViews, performance.now() - floorStarted) });

    const aloneViewsByRole: Array<Record<string, string | number>> = [];
    for (const role of ROLES) {
      const person = people.find((p) => p.role === role)!;
      const views: View[] = [];
      for (let i = 0; i < aloneViews; i++) views.push(await view(stack, person));
      aloneViewsByRole.push({ page: person.home, ...describe(views) });
    }

    const { counts, top } = await statementsPerView(stack, people, 5);
    const alone = aloneViewsByRole.map((row) => ({ ...row, "SQL statements per view": counts[String(row.page)] }));
    return { underLoad, alone, statements: top };
  } finally {
    await stack.stop();
  }
}
