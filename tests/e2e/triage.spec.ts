import { checkInAtStation, expect, expectAccessible, login, test } from "./fixtures";

test("the therapist triages a routed patient with a risk and a step 2 referral, the GP sees the risk first, and the referral is accepted", async ({
  page,
  context,
}) => {
  // Four people's screens in one test: give it the room of three.
  test.slow();
  // Routed as on the day: reception checks in, the health buddy records a PHQ-4 of 5.
  const name = await checkInAtStation(page, "Priya Shah");
  await login(page, "buddy");
  await page.getByRole("link", { name }).click();
  for (const [index, value] of [2, 1, 1, 1].entries()) {
    const group = page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
    await group.getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) }).check();
  }
  await page.getByRole("button", { name: "Save PHQ-4" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toContainText("Talking Therapies, then GP");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await context.clearCookies();

  // The therapist calls the patient in and opens their page.
  await login(page, "therapist");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: `Call in ${name}` }).click();
  await expect(row.getByRole("button", { name: `Finished ${name}` })).toBeVisible();
  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // The morning's PHQ-4 with its wording, subscales and band.
  const phq4 = page.getByRole("region", { name: "This morning's PHQ-4" });
  await expect(phq4).toContainText("Total 5 of 12 (Mild)");
  await expect(phq4).toContainText("Anxiety (GAD-2) 3 (positive)");
  await expect(phq4.getByRole("row").filter({ hasText: "Feeling nervous, anxious or on edge" })).toContainText("More than half the days (2)");
  await expect(page.getByRole("region", { name: "Wrap-around results" })).toBeVisible();
  await expectAccessible(page);

  // A risk without the action taken is refused, named in the summary and beside the field.
  await page.getByLabel("Presenting problems").fill("Low mood and worry about breathlessness since a COPD exacerbation");
  await page.getByLabel("Risk to self").check();
  await page.getByLabel("Refer into Talking Therapies").check();
  await page.getByLabel("Step 2 (low intensity)").check();
  await page.getByLabel("The patient consents to the referral").check();
  await page.getByLabel("Recommendation 1").fill("Review inhaler technique and the rescue pack plan");
  await page.getByRole("button", { name: "Add a recommendation" }).click();
  await page.getByLabel("Recommendation 2").fill("Consider pulmonary rehabilitation");
  await page.getByRole("button", { name: "Save triage" }).click();
  const problem = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(problem.getByRole("link", { name: "Say what action was taken about the risk" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Action taken about the risk").fill("Fleeting thoughts, no plan: safety plan agreed and crisis line given; GP told");
  await page.getByRole("button", { name: "Save triage" }).click();
  const saved = page.getByRole("status").filter({ hasText: "Triage saved." });
  await expect(saved).toContainText("The risk is flagged on the GP's list");
  await expect(saved).toContainText("Referral recorded");
  await expectAccessible(page);

  // The referrals page: move the referral to accepted, today.
  await page.getByRole("link", { name: "Back to the afternoon list" }).click();
  await page.getByRole("link", { name: "Referrals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Referrals" })).toBeVisible();
  const referral = page.getByRole("table", { name: "Referrals into Talking Therapies" }).getByRole("row").filter({ hasText: name });
  await expect(referral.getByTestId("referral-status")).toHaveText("Referred");
  await expect(referral).toContainText("Step 2 (low intensity)");
  await expectAccessible(page);
  await referral.getByLabel("Accepted").check();
  await referral.getByRole("button", { name: `Save ${name}'s referral` }).click();
  await expect(referral.getByRole("status")).toHaveText(`${name}'s referral is now accepted.`);
  await expect(referral.getByTestId("referral-status")).toHaveText("Accepted");
  await expect(referral).toContainText("Accepted ");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await context.clearCookies();

  // The GP's list puts the patient first, flagged "Risk" in words.
  await login(page, "gp");
  const rows = page.getByRole("table").first().getByRole("row");
  await expect(rows.nth(1)).toContainText(name);
  await expect(rows.nth(1).getByTestId("risk-flag")).toHaveText("Risk: to self");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await context.clearCookies();

  // The clinic lead's flow board flags the patient too.
  await login(page, "lead");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const boardRow = page
    .getByRole("table", { name: /Where each patient is on/ })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(boardRow.getByTestId("risk-flag")).toHaveText("Risk: to self");
  await expect(boardRow.getByTestId("open-risks")).toContainText("Fleeting thoughts, no plan: safety plan agreed and crisis line given; GP told");
});
