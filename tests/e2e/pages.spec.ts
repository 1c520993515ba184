/**
 * Every page the build contains, opened as a role that may see it, with real
 * demo ids in its dynamic segments, has no serious or critical axe
 * violations. Pages are read from the build, so a new page is checked without
 * being listed here; one whose dynamic segment has no demo id fails, naming it.
 * Each page's first-load JavaScript (its HTML's scripts, gzip-compressed) is
 * within the budget (tests/e2e/page-weight.ts); the figures are printed.
 * And one PCN's staff see nothing of another's, through the screens.
 */
import { createHash, randomBytes } from "node:crypto";
import { ROLES } from "@/lib/auth/permissions";
import { builtPagePaths, ROLE_ACCOUNTS, signedIn } from "./build-manifest";
import { withDatabase } from "./database";
import { ACCOUNTS, expect, expectAccessible, login, test, type AccountKey } from "./fixtures";
import { FIRST_LOAD_BUDGET_KB, firstLoadScripts, pageWeight, rootMainScripts, type PageWeight } from "./page-weight";
import { secondPcnArrivalCode } from "./patient-link-session";

const FIRST_PCN = "Riverside Primary Care Network";
const SECOND_PCN = "Hillside Primary Care Network";

/** Demo ids by the kind of record a segment names: its parameter name, or the folder before it. */
const DEMO_IDS: Record<string, string> = {
  "clinic-days": `select cd.id from "ClinicDay" cd join "Clinic" c on c.id = cd."clinicId" join "Pcn" p on p.id = c."pcnId"
                  where p.name = $1 and cd.date = (now() at time zone 'Europe/London')::date`,
  patients: `select pt.id from "Patient" pt join "Practice" pr on pr.id = pt."practiceId" join "Pcn" p on p.id = pr."pcnId"
             where p.name = $1 order by pt."nhsNumber" limit 1`,
  appointments: `select a.id from "Appointment" a join "Phq4Assessment" q on q."appointmentId" = a.id join "ClinicDay" cd on cd.id = a."clinicDayId"
                 join "Clinic" c on c.id = cd."clinicId" join "Pcn" p on p.id = c."pcnId" where p.name = $1 order by cd.date desc limit 1`,
  huddles: `select h.id from "Huddle" h join "Pcn" p on p.id = h."pcnId" where p.name = $1 and h.date >= (now() at time zone 'Europe/London')::date
            order by h.date limit 1`,
  templates: `select t.id from "ClinicTemplate" t join "Clinic" c on c.id = t."clinicId" join "Pcn" p on p.id = c."pcnId" where p.name = $1 limit 1`,
};
/** Pages that need a particular kind of record: the triage of a Talking Therapies appointment, a Talking Therapies referral, a patient with a care plan, one with a changed triage, one on buddy@'s caseload, a key worker. */
const PATH_IDS: Record<string, string> = {
  "/therapies/appointments/[id]": `select a.id from "Appointment" a join "TriageOutcome" t on t."appointmentId" = a.id join "ClinicDay" cd on cd.id = a."clinicDayId"
                                   join "Clinic" c on c.id = cd."clinicId" join "Pcn" p on p.id = c."pcnId" where p.name = $1 order by cd.date desc limit 1`,
  "/gp/patients/[id]": `select cp."patientId" as id from "CarePlan" cp join "Patient" pt on pt.id = cp."patientId" join "Practice" pr on pr.id = pt."practiceId"
                        join "Pcn" p on p.id = pr."pcnId" where p.name = $1 and cp.status = 'FINAL' order by cp."finalisedAt" desc limit 1`,
  "/gp/patients/[id]/care-plan/print": `select cp."patientId" as id from "CarePlan" cp join "Patient" pt on pt.id = cp."patientId" join "Practice" pr on pr.id = pt."practiceId"
                                        join "Pcn" p on p.id = pr."pcnId" where p.name = $1 and cp.status = 'FINAL' order by cp."finalisedAt" desc limit 1`,
  "/patients/[id]/triage-history": `select t."patientId" as id from "TriageOutcome" t join "Patient" pt on pt.id = t."patientId" join "Practice" pr on pr.id = pt."practiceId"
                                    join "Pcn" p on p.id = pr."pcnId" where p.name = $1 order by t.version desc, t."recordedAt" limit 1`,
  "/buddy/caseload/[patientId]": `select cp."patientId" as id from "CarePlan" cp join "StaffUser" s on s.id = cp."keyWorkerId" join "Pcn" p on p.id = s."pcnId"
                                  where p.name = $1 and cp.status = 'FINAL' and s.email = 'buddy@example.nhs.uk' limit 1`,
  "/lead/caseload/[patientId]": `select cp."patientId" as id from "CarePlan" cp join "Patient" pt on pt.id = cp."patientId" join "Practice" pr on pr.id = pt."practiceId"
                                 join "Pcn" p on p.id = pr."pcnId" where p.name = $1 and cp.status = 'FINAL' order by cp."finalisedAt" desc limit 1`,
  "/lead/staff/[staffId]/hand-over": `select s.id from "StaffUser" s join "Pcn" p on p.id = s."pcnId" where p.name = $1 and s.email = 'buddy2@example.nhs.uk'`,
  "/therapies/referrals/[id]": `select r.id from "Referral" r join "TriageOutcome" t on t.id = r."triageOutcomeId" join "Appointment" a on a.id = t."appointmentId"
                                join "ClinicDay" cd on cd.id = a."clinicDayId" join "Clinic" c on c.id = cd."clinicId" join "Pcn" p on p.id = c."pcnId"
                                where p.name = $1 and r.service is null order by r."referredAt" desc limit 1`,
};
const PARAM_KINDS: Record<string, string> = {
  clinicDayId: "clinic-days",
  patientId: "patients",
  appointmentId: "appointments",
  templateId: "templates",
  huddleId: "huddles",
};

async function demoId(kind: string, pcn = FIRST_PCN): Promise<string> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(DEMO_IDS[kind], [pcn]);
    if (!rows[0]) throw new Error(`The demo data has no ${kind} record for ${pcn}`);
    return rows[0].id;
  });
}

let linkToken: Promise<string> | undefined;

/**
 * A patient link's token for the patient pages (/p/[token]): only its hash is stored, so the sweep makes a link of
 * its own for a demo patient (as an invitation would) and keeps the token. Opened without a session, the pages ask
 * for the date of birth.
 */
function patientLinkToken(): Promise<string> {
  linkToken ??= withDatabase(async (client) => {
    const token = randomBytes(32).toString("base64url");
    await client.query(
      `INSERT INTO "PatientLink" ("id", "tokenHash", "patientId", "createdById", "expiresAt")
       SELECT gen_random_uuid(), $1, pt.id, s.id, now() + interval '1 day'
       FROM "Patient" pt JOIN "Practice" pr ON pr.id = pt."practiceId" JOIN "Pcn" p ON p.id = pr."pcnId"
       JOIN "StaffUser" s ON s."pcnId" = p.id AND s.email = 'reception@example.nhs.uk'
       WHERE p.name = $2 ORDER BY pt."nhsNumber" DESC LIMIT 1`,
      [createHash("sha256").update(token).digest("base64url"), FIRST_PCN],
    );
    return token;
  });
  return linkToken;
}

/** The page path with each dynamic segment filled, or the reason it cannot be. */
async function fill(path: string): Promise<string> {
  if (path.startsWith("/p/[token]")) return path.replace("[token]", await patientLinkToken());
  if (path.startsWith("/p/arrive/[code]")) return path.replace("[code]", await secondPcnArrivalCode(SECOND_PCN));
  if (path in PATH_IDS) {
    const id = await withDatabase(async (client) => (await client.query<{ id: string }>(PATH_IDS[path], [FIRST_PCN])).rows[0]?.id);
    if (!id) throw new Error(`The demo data has no record for ${path}`);
    return path.replace(/\[\w+\]/, id);
  }
  const segments = path.split("/");
  for (const [i, segment] of segments.entries()) {
    const param = /^\[(\w+)\]$/.exec(segment)?.[1];
    if (!param) continue;
    const kind = PARAM_KINDS[param] ?? segments[i - 1];
    if (!(kind in DEMO_IDS))
      throw new Error(`No demo id for ${segment} in ${path}: add a query for "${kind}" to DEMO_IDS in tests/e2e/pages.spec.ts`);
    segments[i] = await demoId(kind);
  }
  return segments.join("/");
}

const ROLE_ORDER: AccountKey[] = ["lead", ...ROLES.map((role) => ROLE_ACCOUNTS[role]).filter((k) => k !== "lead")];

/** The sweep is split in parts so each stays well inside a test's time limit on a busy machine. */
const PARTS = 3;

for (let part = 0; part < PARTS; part++) {
  test(`every page in the build has no serious or critical accessibility problems and first-load JavaScript within ${FIRST_LOAD_BUDGET_KB} kB, as a role that can open it (part ${part + 1} of ${PARTS})`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const all = builtPagePaths();
    expect(all.length).toBeGreaterThan(10);
    const pages = all.filter((_, i) => i % PARTS === part);
    const contexts = new Map<AccountKey, Awaited<ReturnType<typeof browser.newContext>>>();
    const problems: string[] = [];
    const weights: PageWeight[] = [];
    const everyPageLoads = rootMainScripts();
    for (const path of pages) {
      let url: string;
      try {
        url = await fill(path);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      let checked = false;
      // The sign-in page is for people without a session; the rest take the first role the page lets in.
      for (const who of path === "/login" ? [null] : ROLE_ORDER) {
        if (who && !contexts.has(who)) {
          const api = await signedIn(baseURL!, who);
          const context = await browser.newContext();
          await context.addCookies((await api.storageState()).cookies);
          await api.dispose();
          contexts.set(who, context);
        }
        const context = who ? contexts.get(who)! : await browser.newContext();
        const page = await context.newPage();
        const response = await page.goto(url);
        const landed = new URL(page.url()).pathname;
        if (path !== "/forbidden" && landed === "/forbidden") {
          await page.close();
          continue;
        }
        expect.soft(response?.status(), `${path} as ${who ?? "anonymous"}`).toBeLessThan(400);
        const html = (await response?.text()) ?? "";
        // A check that found no scripts would pass every page: each must at least load React and Next.js's runtime.
        expect.soft(firstLoadScripts(html), `${path}: the scripts its HTML loads`).toEqual(expect.arrayContaining(everyPageLoads));
        weights.push(pageWeight(path, html));
        expect.soft(landed === "/login" && path !== "/login", `${path} sent ${who} to sign in`).toBe(false);
        await expect.soft(page.getByRole("heading", { level: 1 }).first(), `${path} has a main heading`).toBeVisible();
        await expect.soft(page.getByRole("heading", { name: "Page not found" }), `${path} found its demo record`).toHaveCount(0);
        try {
          await expectAccessible(page);
        } catch (error) {
          problems.push(`${path} as ${who ?? "anonymous"}: ${(error as Error).message.split("\n").slice(0, 12).join(" ")}`);
        }
        await page.close();
        if (!who) await context.close();
        checked = true;
        break;
      }
      if (!checked) problems.push(`${path}: no demo role could open it`);
    }
    for (const context of contexts.values()) await context.close();
    weights.sort((a, b) => b.kB - a.kB);
    console.log(`First-load JavaScript, gzip (budget ${FIRST_LOAD_BUDGET_KB} kB per page):`);
    console.table(weights.map((w) => ({ page: w.path, scripts: w.scripts, kB: w.kB })));
    for (const w of weights) {
      if (w.kB > FIRST_LOAD_BUDGET_KB)
        problems.push(`${w.path}: ${w.kB} kB of first-load JavaScript (gzip), over the ${FIRST_LOAD_BUDGET_KB} kB budget`);
    }
    expect(problems).toEqual([]);
  });
}

test("the second PCN's clinic lead sees none of the first PCN's patients, clinic days, flow board or audit trail", async ({ page }) => {
  const patientId = await demoId("patients");
  const clinicDayId = await demoId("clinic-days");
  const patient = await withDatabase(
    async (client) =>
      (
        await client.query<{ nhsNumber: string; givenName: string; familyName: string }>(
          'select "nhsNumber", "givenName", "familyName" from "Patient" where id = $1',
          [patientId],
        )
      ).rows[0],
  );

  await login(page, "otherLead");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ACCOUNTS.otherLead.heading);

  await page.goto("/patients");
  await page.getByLabel("Name, NHS number or date of birth").fill(patient.nhsNumber);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("No patients found by NHS number")).toBeVisible();
  await page.getByLabel("Name, NHS number or date of birth").fill(`${patient.givenName} ${patient.familyName}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText(/^No patients found by name/)).toBeVisible();

  for (const path of [
    `/patients/${patientId}`,
    `/clinic-days/${clinicDayId}`,
    `/clinic-days/${clinicDayId}/board`,
    `/clinic-days/${clinicDayId}/routing`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Page not found" }), path).toBeVisible();
  }
  expect((await page.request.get(`/api/clinic-days/${clinicDayId}/board`)).status()).toBe(404);

  // Their own today is the only clinic day they see.
  await page.goto("/clinic-days");
  await expect(page.locator(`a[href^="/clinic-days/${clinicDayId}"]`)).toHaveCount(0);

  await page.goto("/lead/audit");
  await page.getByLabel("Patient's NHS number").fill(patient.nhsNumber);
  await page.getByRole("button", { name: "Search the audit trail" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "No patient with NHS number" })).toBeVisible();
});
