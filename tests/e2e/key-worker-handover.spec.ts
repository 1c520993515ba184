/**
 * Nobody without a key worker: the clinic lead tries to deactivate a health
 * buddy who is key worker to demo patients, is asked to hand them over first,
 * hands them to the other health buddy and confirms; the buddy is signed out
 * and inactive, the caseload overview shows the patients with their new key
 * worker, and the new key worker finds them on her caseload.
 */
import { withDatabase } from "./database";
import { DEMO_PASSWORD, expect, expectAccessible, login, test } from "./fixtures";

const LEAVING = { name: "Tom Fletcher", email: "buddy2@example.nhs.uk" };
const TAKING_OVER = "Priya Shah";

test.describe.configure({ timeout: 180_000 });

/** The first PCN's patients whose current care plans name the leaving buddy: every one, and those with a final plan. */
async function leaversPatients() {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ name: string; status: string }>(
      `select pt."givenName" || ' ' || pt."familyName" as name, cp.status from "CarePlan" cp
         join "Patient" pt on pt.id = cp."patientId" join "StaffUser" s on s.id = cp."keyWorkerId"
        where s.email = $1 and cp.status in ('FINAL', 'DRAFT')`,
      [LEAVING.email],
    );
    return {
      all: [...new Set(rows.map((r) => r.name))].sort((a, b) => a.localeCompare(b)),
      final: [...new Set(rows.filter((r) => r.status === "FINAL").map((r) => r.name))],
    };
  });
}

test("the lead hands a leaving health buddy's patients to the other buddy before deactivating them; the new key worker sees them", async ({
  page,
  browser,
}) => {
  const patients = await leaversPatients();
  expect(patients.final.length).toBeGreaterThan(0);

  // The leaving buddy is signed in on a tablet somewhere.
  const tablet = await browser.newContext();
  const theirs = await tablet.newPage();
  await theirs.goto("/login");
  await theirs.getByLabel("Email").fill(LEAVING.email);
  await theirs.getByLabel("Password").fill(DEMO_PASSWORD);
  await theirs.getByRole("button", { name: "Sign in", exact: true }).click();
  await theirs.waitForURL("**/buddy");

  // The lead tries to deactivate them from the staff page and is told to hand the patients over first.
  await login(page, "lead");
  await page.getByRole("navigation", { name: "Your work" }).getByRole("link", { name: "Staff" }).click();
  const row = page.getByRole("row").filter({ hasText: LEAVING.email });
  await expect(row.getByRole("cell").filter({ hasText: `${patients.all.length} patient` })).toBeVisible();
  await row.getByRole("button", { name: `Deactivate ${LEAVING.name}` }).click();
  const refusal = row.getByRole("alert");
  await expect(refusal).toContainText(
    `${LEAVING.name} is key worker to ${patients.all.length} ${patients.all.length === 1 ? "patient" : "patients"}: `,
  );
  for (const name of patients.all.slice(0, 10)) await expect(refusal).toContainText(name);
  await expect(refusal).toContainText("Hand each of them to another key worker before deactivating the account.");
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();

  await refusal.getByRole("link", { name: `Hand over ${LEAVING.name}'s patients and deactivate` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Hand over ${LEAVING.name}'s patients` })).toBeVisible();
  const table = page.getByRole("table", { name: `Patients whose care plan names ${LEAVING.name} as key worker` });
  await expect(table.getByRole("row")).toHaveCount(patients.all.length + 1);
  await expectAccessible(page);

  // Nothing chosen yet: the form says what is missing, and nothing happens.
  const reason = page.getByLabel("Reason for the handover");
  await reason.fill("Tom is leaving the PCN at the end of the week");
  await page.getByRole("button", { name: `Hand over and deactivate ${LEAVING.name}` }).click();
  await expect(page.getByRole("alert").first()).toContainText(`Choose the new key worker for ${patients.all[0]}`);

  // Chosen for all, confirmed by keyboard.
  const forAll = page.getByLabel(`New key worker for all ${LEAVING.name}'s patients`);
  await forAll.focus();
  await forAll.selectOption({ label: TAKING_OVER });
  await expect(table.getByLabel(`New key worker for ${patients.all[0]}`)).toHaveValue("");
  await page.getByRole("button", { name: `Hand over and deactivate ${LEAVING.name}` }).focus();
  await page.keyboard.press("Enter");
  const done = page.getByRole("status").filter({ hasText: "deactivated" });
  await expect(done).toContainText(`${LEAVING.name} is deactivated and signed out.`);
  for (const name of patients.all) await expect(done).toContainText(`${name}: new key worker ${TAKING_OVER}`);

  // They are inactive and signed out; the staff page says so.
  await theirs.goto("/buddy/caseload");
  await expect(theirs).toHaveURL(/\/login$/);
  await tablet.close();
  await done.getByRole("link", { name: "Back to staff" }).click();
  const after = page.getByRole("row").filter({ hasText: LEAVING.email });
  await expect(after.getByRole("cell", { name: "Deactivated", exact: true })).toBeVisible();
  await expect(after.getByRole("cell", { name: "None", exact: true })).toBeVisible();

  // The caseload overview shows every one of their patients with the new key worker.
  await page.getByRole("navigation", { name: "Your work" }).getByRole("link", { name: "Caseloads" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Key-worker caseloads" })).toBeVisible();
  const overview = page.getByRole("table", { name: /with a final care plan/ });
  for (const name of patients.final) {
    await expect(overview.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) })).toContainText(TAKING_OVER);
  }
  await expect(overview).not.toContainText(LEAVING.name);
  await expectAccessible(page);

  // The history of one of them: who was key worker before, until when, and why it changed.
  await overview
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: patients.final[0], exact: true }) })
    .getByRole("link", { name: `Hand over ${patients.final[0]}` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: `Key worker for ${patients.final[0]}` })).toBeVisible();
  const spells = page.getByRole("table", { name: /Key workers of version/ });
  await expect(spells.getByRole("row").filter({ hasText: LEAVING.name })).toContainText("Named in the care plan by the GP");
  await expect(spells.getByRole("row").filter({ hasText: TAKING_OVER })).toContainText("Tom is leaving the PCN at the end of the week");
  await expectAccessible(page);

  // The new key worker finds them on her caseload.
  const hers = await browser.newContext();
  const buddy = await hers.newPage();
  await login(buddy, "buddy");
  await buddy.getByRole("link", { name: /Your key-worker caseload/ }).click();
  const caseload = buddy.getByRole("table", { name: "Your patients, the next contact due and the next review" });
  for (const name of patients.final) await expect(caseload.getByRole("link", { name, exact: true })).toBeVisible();
  await hers.close();

  // Tom comes back later: reactivated, he can sign in again (with nobody on his caseload).
  await page.goto("/lead/staff");
  await page
    .getByRole("row")
    .filter({ hasText: LEAVING.email })
    .getByRole("button", { name: `Reactivate ${LEAVING.name}` })
    .click();
  await expect(page.getByRole("row").filter({ hasText: LEAVING.email }).getByRole("status")).toHaveText(`${LEAVING.name} can sign in again.`);
});
