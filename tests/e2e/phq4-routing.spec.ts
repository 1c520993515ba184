import { checkInAtStation, expect, expectAccessible, login, test } from "./fixtures";

test("a PHQ-4 of 5 routes the patient to Talking Therapies before their GP, seen on the therapist's list and the flow board", async ({
  page,
  context,
  browser,
}) => {
  // Reception checks in a patient at the health buddy's own station (Priya Shah), so they are on her morning list.
  const name = await checkInAtStation(page, "Priya Shah");

  // The clinic lead watches the flow board in a browser of their own.
  const office = await browser.newContext();
  const lead = await office.newPage();
  await login(lead, "lead");
  await lead.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await lead.getByRole("link", { name: /^Flow board/ }).click();
  const boardRow = lead
    .getByRole("table", { name: /Where each patient is on/ })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(boardRow.getByTestId("stage")).toHaveText("Arrived");
  let reloaded = false;
  lead.on("load", () => (reloaded = true));

  // The health buddy records the PHQ-4 by keyboard: 2, 1, 1, 1 = 5.
  await login(page, "buddy");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectAccessible(page);
  const answers = [2, 1, 1, 1];
  for (const [index, value] of answers.entries()) {
    const group = page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
    await group.getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) }).check();
  }
  await expect(page.getByText(/Total 5 of 12 \(Mild\)/)).toBeVisible();
  await page.getByRole("button", { name: "Save PHQ-4" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(outcome).toContainText("PHQ-4 total 5 ≥ 3: Talking Therapies, then GP");
  const therapyAt = (await outcome.getByText(/^Talking Therapies at/).textContent())!.match(/\d\d:\d\d/)![0];
  const gpAt = (await outcome.getByText(/^GP at/).textContent())!.match(/\d\d:\d\d/)![0];
  expect(therapyAt < gpAt).toBe(true);

  // The board moves the patient on by itself, within seconds, and shows the itinerary.
  await expect(boardRow.getByTestId("stage")).toHaveText(/PHQ-4 done|Waiting for Talking Therapies/, { timeout: 5000 });
  await expect(boardRow).toContainText(therapyAt);
  await expect(boardRow).toContainText(gpAt);
  expect(reloaded).toBe(false);
  await office.close();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The therapist's afternoon list has filled itself.
  await context.clearCookies();
  await login(page, "therapist");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(therapyAt);
  await expect(row).toContainText(`GP at ${gpAt}`);
  await expectAccessible(page);
});
