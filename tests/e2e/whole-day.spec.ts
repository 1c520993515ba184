import { formatNhsNumber, generateTestNhsNumber } from "../../lib/nhs-number";
import { DEMO_PASSWORD, expect, expectAccessible, login, test, type AccountKey } from "./fixtures";

// Kept clear of the demo patients (0–39) and the other specs' new patients.
const NHS = generateTestNhsNumber(950);
const NAME = "Ruth Okonkwo";

const londonDate = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return {
    iso: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(d),
    uk: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(d),
  };
};

test.describe.configure({ timeout: 300_000 });

test("one patient's whole clinic day: booked and checked in, PHQ-4 of 6, triaged, care plan finalised, on the key worker's caseload", async ({
  page,
  context,
}) => {
  const signOut = async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await context.clearCookies();
  };
  const signIn = async (who: AccountKey | "gp2") => {
    if (who !== "gp2") return login(page, who);
    await page.goto("/login");
    await page.getByLabel("Email").fill("gp2@example.nhs.uk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/gp");
  };

  // Reception registers the patient, books them at Priya Shah's station this morning and checks them in.
  await signIn("reception");
  await page.goto("/patients/new");
  await page.getByLabel("NHS number").fill(formatNhsNumber(NHS));
  await page.getByLabel("Given name").fill("Ruth");
  await page.getByLabel("Family name").fill("Okonkwo");
  await page.getByLabel("Date of birth").fill("1954-03-12");
  await page.getByRole("radio", { name: "Female" }).check();
  await page.getByLabel("Registered practice").selectOption({ index: 1 });
  await page.getByRole("checkbox", { name: "Diabetes" }).check();
  await page.getByRole("checkbox", { name: "Chronic pain" }).check();
  await page.getByRole("button", { name: "Add patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
  await page.goto("/reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page
    .getByRole("button", { name: /^Book \d\d:\d\d, Station 1/ })
    .first()
    .click();
  await page.getByLabel("Find the patient by name or NHS number").fill(NHS);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: `Choose ${NAME}` }).click();
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Booked ${NAME}` })).toBeVisible();
  await page.getByRole("button", { name: `Check in ${NAME}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "checked in" })).toHaveText(`${NAME} is checked in.`);
  await signOut();

  // The health buddy records a PHQ-4 of 6: Talking Therapies, then GP.
  await signIn("buddy");
  await page.getByRole("link", { name: NAME }).click();
  for (const [index, value] of [2, 1, 2, 1].entries()) {
    const group = page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
    await group.getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) }).check();
  }
  await page.getByRole("button", { name: "Save PHQ-4" }).click();
  const routed = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(routed).toContainText("PHQ-4 total 6 ≥ 3: Talking Therapies, then GP");
  // The pilot afternoon has six Talking Therapies slots, shared with the specs that run before this one.
  await expect(routed.getByText(/^Talking Therapies at/), "a Talking Therapies slot is left this afternoon (not waitlisted)").toBeVisible();
  const gpName = ((await routed.getByText(/^GP at/).textContent()) ?? "").match(/with (.+)$/)?.[1]?.trim();
  await signOut();

  // The therapist calls them in and triages: refer to step 2, one recommendation for the GP.
  await signIn("therapist");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: NAME });
  await row.getByRole("button", { name: `Call in ${NAME}` }).click();
  await expect(row.getByRole("button", { name: `Finished ${NAME}` })).toBeVisible();
  await row.getByRole("link", { name: NAME }).click();
  await page.getByLabel("Presenting problems").fill("Low mood and worry about managing diabetes with chronic pain");
  await page.getByLabel("Refer into Talking Therapies").check();
  await page.getByLabel("Step 2 (low intensity)").check();
  await page.getByLabel("The patient consents to the referral").check();
  const recommendation = "Guided self-help for low mood, alongside pain management";
  await page.getByLabel("Recommendation 1").fill(recommendation);
  await page.getByRole("button", { name: "Save triage" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Triage saved." })).toContainText("Referral recorded");
  await signOut();

  // The GP accepts the recommendation, names the key worker, books the review and finalises.
  await signIn(gpName === "Dr Aisha Begum" ? "gp2" : "gp");
  await page.getByRole("link", { name: `${NAME}: summary and care plan` }).click();
  await expect(page.getByRole("region", { name: "Talking Therapies" })).toContainText(recommendation);
  await page.getByLabel(`What matters to ${NAME}`).fill("Being well enough to look after my grandson after school");
  await page.getByLabel("Goals, in the person’s words").fill("Walk him home from school three days a week");
  await page.getByRole("group", { name: recommendation }).getByRole("radio", { name: "Accept into the plan" }).check();
  await page.getByLabel("Key worker").selectOption({ label: "Priya Shah" });
  const review = londonDate(7);
  await page.getByLabel("Next review date").fill(review.iso);
  await page.getByLabel("Book the review into").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Finalise care plan" }).click();
  await page.getByRole("button", { name: "Yes, finalise" }).click();
  await expect(page.getByText("Version 1, final.")).toBeVisible();
  await expect(page.getByText(`Accepted: ${recommendation}`)).toBeVisible();
  await expectAccessible(page);
  await signOut();

  // The key worker sees them on their caseload, with the next contact due by the review.
  await signIn("buddy");
  await page.getByRole("link", { name: /key-worker caseload/ }).click();
  await expect(page.getByRole("row").filter({ hasText: NAME })).toContainText(review.uk);
});
