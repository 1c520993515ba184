/**
 * The PCN's daily referral huddle (issue 14): a GP brings a patient with an
 * open risk to tomorrow's huddle; at that huddle the Talking Therapies member
 * accepts one case into step 3, the CMHT partner takes another and a third is
 * deferred; the minutes print on one A4 page; the next day the deferred case
 * comes first.
 *
 * The e2e server's clock stays at 10:00 today (scripts/e2e-clock.ts), so a day
 * passing is played by moving the huddles' dates: the huddle whose day it is
 * becomes today's, and the one that was today's goes to a free day before, still
 * open, as a huddle nobody closed. Reading the huddle then closes it through the
 * app's own automatic roll-over (lib/services/huddles/internal/roll-over.ts),
 * which carries its undecided cases to today's huddle.
 */
import type { Browser, Page } from "@playwright/test";
import { withDatabase } from "./database";
import { expect, expectAccessible, login, test, type AccountKey } from "./fixtures";

const FIRST_PCN = "Riverside Primary Care Network";
const TODAY = `(now() at time zone 'Europe/London')::date`;

type Patient = { id: string; name: string };
type Huddle = { id: string; date: string };

/** The demo patient whose risk is still open (prisma/seed.ts seedRiskReviews leaves one), not already on a huddle. */
async function patientWithOpenRisk(): Promise<Patient> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<Patient>(
      `select p.id, p."givenName" || ' ' || p."familyName" as name
         from "TriageOutcome" t join "Patient" p on p.id = t."patientId" join "Practice" pr on pr.id = p."practiceId" join "Pcn" n on n.id = pr."pcnId"
        where n.name = $1 and (t."riskToSelf" or t."riskToOthers" or t."riskFromOthers")
          and not exists (select 1 from "RiskReview" r where r."triageOutcomeId" = t.id)
          and not exists (select 1 from "HuddleCase" c where c."patientId" = p.id)
        order by t."recordedAt" desc limit 1`,
      [FIRST_PCN],
    );
    if (!rows[0]) throw new Error("The demo data has no patient with an open risk");
    return rows[0];
  });
}

/** Demo patients no other spec works with: never triaged, nothing booked from today, never on a huddle. */
async function quietPatients(count: number): Promise<Patient[]> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<Patient>(
      `select p.id, p."givenName" || ' ' || p."familyName" as name
         from "Patient" p join "Practice" pr on pr.id = p."practiceId" join "Pcn" n on n.id = pr."pcnId"
        where n.name = $1
          and not exists (select 1 from "TriageOutcome" t where t."patientId" = p.id)
          and not exists (select 1 from "Appointment" a join "ClinicDay" d on d.id = a."clinicDayId" where a."patientId" = p.id and d.date >= ${TODAY})
          and not exists (select 1 from "HuddleCase" c where c."patientId" = p.id)
          and not exists (select 1 from "Referral" r where r."patientId" = p.id)
        order by p."nhsNumber" desc limit $2`,
      [FIRST_PCN, count],
    );
    if (rows.length !== count) throw new Error(`The demo data has ${rows.length} patients free for the huddle, not ${count}`);
    return rows;
  });
}

/** The first PCN's huddles from today on, soonest first. */
async function upcomingHuddles(): Promise<Huddle[]> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<Huddle>(
      `select h.id, to_char(h.date, 'YYYY-MM-DD') as date from "Huddle" h join "Pcn" n on n.id = h."pcnId"
        where n.name = $1 and h.date >= ${TODAY} and h."closedAt" is null order by h.date`,
      [FIRST_PCN],
    );
    return rows;
  });
}

/**
 * The huddle's day comes: the PCN's huddle dated today goes to the latest free
 * day before today (still open, as if nobody closed it), and this one becomes
 * today's at its own London time.
 */
async function dayOf(huddleId: string): Promise<void> {
  await withDatabase(async (client) => {
    const move = `update "Huddle" set date = $2::date,
                    "startsAt" = (($2::date + ("startsAt" at time zone 'Europe/London')::time) at time zone 'Europe/London') where id = $1`;
    const { rows } = await client.query<{ id: string; free: string }>(
      `select h.id, to_char((select max(d)::date from generate_series(${TODAY} - 60, ${TODAY} - 1, interval '1 day') d
                             where not exists (select 1 from "Huddle" o where o."pcnId" = h."pcnId" and o.date = d::date)), 'YYYY-MM-DD') as free
         from "Huddle" h where h."pcnId" = (select "pcnId" from "Huddle" where id = $1) and h.date = ${TODAY} and h.id <> $1`,
      [huddleId],
    );
    for (const row of rows) await client.query(move, [row.id, row.free]);
    await client.query(move, [huddleId, (await client.query<{ d: string }>(`select to_char(${TODAY}, 'YYYY-MM-DD') as d`)).rows[0].d]);
  });
}

async function signIn(browser: Browser, who: AccountKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, who);
  return page;
}

/** From the GP's summary of the patient: brings them to the chosen huddle with a question. */
async function bring(page: Page, patient: Patient, question: string, huddle: Huddle, weekday: string): Promise<void> {
  await page.goto(`/gp/patients/${patient.id}`);
  const section = page.getByRole("region", { name: "Referral huddle" });
  await expect(section.getByLabel("Which huddle")).toBeVisible();
  await section.getByLabel("Which huddle").selectOption(huddle.id);
  await section.getByLabel("Question for the huddle").fill(question);
  await section.getByRole("button", { name: `Bring ${patient.name} to the huddle` }).click();
  await expect(section.getByRole("status")).toContainText(`${patient.name} is on the huddle on ${weekday}`);
}

const caseCard = (page: Page, patient: Patient) => page.getByRole("article").filter({ has: page.getByRole("heading", { name: patient.name }) });

test("a GP brings a patient with an open risk to tomorrow's huddle; the huddle decides three cases; the minutes fit one A4 page; the deferred case is first the next day", async ({
  browser,
}) => {
  test.setTimeout(600_000);
  const risky = await patientWithOpenRisk();
  const [stepThree, deferred, later] = await quietPatients(3);
  const [, tomorrow, dayAfter] = await upcomingHuddles();
  const weekday = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });

  // The GP brings the patient with an open risk to tomorrow's huddle (the form offers today's, the next, first), then two more.
  const gp = await signIn(browser, "gp");
  await gp.goto(`/gp/patients/${risky.id}`);
  await expect(gp.getByRole("region", { name: "Referral huddle" }).getByLabel("Which huddle")).toHaveValue((await upcomingHuddles())[0].id);
  await bring(gp, risky, "Too complex for step 3? Passive thoughts at the last triage; not sure which service", tomorrow, weekday(tomorrow.date));
  await bring(gp, stepThree, "Low mood for a year, step 2 did not help: step 3?", tomorrow, weekday(tomorrow.date));
  await bring(gp, deferred, "Not sure which service: memory worries as well as low mood", tomorrow, weekday(tomorrow.date));
  await bring(gp, later, "Anxiety after a cardiac event: Talking Therapies or cardiac rehab psychology?", dayAfter, weekday(dayAfter.date));
  await gp.goto(`/gp/patients/${risky.id}`);
  await expect(gp.getByRole("region", { name: "Referral huddle" })).toContainText("(waiting for the huddle)");

  // Tomorrow comes. The Talking Therapies member opens the huddle: the urgent case first, showing its risk, and the timer.
  await dayOf(tomorrow.id);
  const therapist = await signIn(browser, "therapist");
  await therapist.goto("/huddle");
  await expect(therapist.getByRole("heading", { level: 1, name: "Referral huddle" })).toBeVisible();
  await expect(therapist.getByRole("timer")).toBeVisible();
  const cases = therapist.getByTestId("huddle-case");
  await expect(cases).toHaveCount(3);
  await expect(cases.nth(0).getByRole("heading", { level: 3 })).toContainText(`1. ${risky.name}`);
  await expect(cases.nth(0)).toContainText("open risk, urgent");
  await expect(cases.nth(0)).toContainText("Open risk");
  await expect(cases.nth(1).getByRole("heading", { level: 3 })).toContainText(stepThree.name);

  // Attendance ticked at the start: all four present.
  const attendance = therapist.getByRole("group", { name: "Tick who is present" });
  for (const box of await attendance.getByRole("checkbox").all()) await box.check();
  await therapist.getByRole("button", { name: "Save attendance" }).click();
  await expect(therapist.getByRole("status").filter({ hasText: "Attendance saved" })).toHaveText("Attendance saved: 4 present, 0 not present.");
  await expectAccessible(therapist);

  // A decision without its reason is refused with the error summary, and nothing is recorded.
  const tt = caseCard(therapist, stepThree);
  await tt.getByRole("radio", { name: "Accepted by Talking Therapies" }).check();
  await tt.getByRole("button", { name: `Record the decision on ${stepThree.name}` }).click();
  const problem = tt.getByRole("alert");
  await expect(problem.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(problem.getByRole("link", { name: "Choose step 2, step 3 or the long-term-conditions pathway" })).toBeVisible();
  await expect(problem.getByRole("link", { name: "Enter the reason for the decision" })).toBeVisible();
  await expectAccessible(therapist);

  // The Talking Therapies member accepts one case into step 3.
  await tt.getByRole("radio", { name: "Step 3 (high intensity)" }).check();
  await tt.getByLabel("Who accepted for Talking Therapies").selectOption({ label: "Maria Costa" });
  await tt.getByLabel(/^Reason/).fill("Moderate depression, no risk: high-intensity CBT");
  await tt.getByRole("button", { name: `Record the decision on ${stepThree.name}` }).click();
  await expect(tt).toContainText("Decision: Accepted by Talking Therapies (Step 3 (high intensity)), accepted by Maria Costa.");

  // The CMHT partner takes the urgent case: a partner is offered their own service only.
  const partner = await signIn(browser, "partner");
  await expect(partner.getByRole("timer")).toBeVisible();
  const urgent = caseCard(partner, risky);
  await expect(urgent.getByRole("radio")).toHaveCount(1);
  await urgent.getByRole("radio", { name: "Referred to the CMHT" }).check();
  await urgent.getByLabel("Who accepted for the service (leave blank if nobody has yet)").selectOption({ label: "Dr Kwame Mensah" });
  await urgent.getByLabel(/^Reason/).fill("Recurrent passive suicidal thoughts with complex needs: CMHT assessment this week");
  await urgent.getByRole("button", { name: `Record the decision on ${risky.name}` }).click();
  await expect(urgent).toContainText("Decision: Referred to the CMHT, accepted by Dr Kwame Mensah.");
  await expectAccessible(partner);

  // The GP defers the third, with what is needed.
  await gp.goto("/huddle");
  const third = caseCard(gp, deferred);
  await third.getByRole("radio", { name: "Deferred to the next huddle" }).check();
  await third.getByLabel("What is needed before the next huddle").fill("Memory screen results from the practice nurse");
  await third.getByLabel(/^Reason/).fill("Cannot choose between the memory service and Talking Therapies without the screen");
  await third.getByRole("button", { name: `Record the decision on ${deferred.name}` }).click();
  await expect(third).toContainText("Decision: Deferred to the next huddle.");
  await expect(third).toContainText("Before the next huddle: Memory screen results from the practice nurse.");

  // The minutes: attendees, decisions and actions, no risk narrative, on one A4 page.
  await gp.getByRole("link", { name: "Minutes (print)" }).click();
  await expect(gp.getByRole("heading", { level: 1, name: "Referral huddle minutes" })).toBeVisible();
  const minutes = gp.getByRole("article");
  for (const attendee of ["Dr James Whitfield (GP)", "Maria Costa (Talking Therapies)", "Dr Kwame Mensah (Community mental health team (CMHT))"])
    await expect(minutes.locator("p", { hasText: /^Present:/ })).toContainText(attendee);
  for (const p of [risky, stepThree, deferred]) await expect(minutes).toContainText(p.name);
  await expect(minutes).toContainText("Referred to the CMHT, accepted by Dr Kwame Mensah");
  await expect(minutes).toContainText("Before the next huddle: Memory screen results from the practice nurse");
  await expect(minutes).not.toContainText("Passive thoughts");
  await expect(minutes).not.toContainText("Open risk");
  await expectAccessible(gp);
  const pdf = await gp.pdf({ format: "A4", preferCSSPageSize: true });
  expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);

  // The decisions reach the GP's summary of the patient.
  await gp.goto(`/gp/patients/${risky.id}`);
  await expect(gp.getByRole("region", { name: "Referral huddle" })).toContainText("Referred to the CMHT");

  // The partner's per-service view lists the CMHT referral.
  await partner.goto("/huddle/referrals");
  await expect(partner.getByRole("heading", { level: 1, name: "Referrals to your service" })).toBeVisible();
  await expect(partner.getByRole("table")).toContainText(risky.name);
  await expect(partner.getByRole("table")).not.toContainText(stepThree.name);
  await expectAccessible(partner);

  // The next day: the huddle nobody closed closes by itself when read, and the deferred case comes first, before one brought later.
  await dayOf(dayAfter.id);
  await therapist.goto("/huddle");
  await expect(cases).toHaveCount(2);
  await expect(cases.nth(0).getByRole("heading", { level: 3 })).toContainText(`1. ${deferred.name}`);
  await expect(cases.nth(0)).toContainText("carried over from an earlier huddle");
  await expect(cases.nth(1).getByRole("heading", { level: 3 })).toContainText(`2. ${later.name}`);
});
