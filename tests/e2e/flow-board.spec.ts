import { DEMO_PASSWORD, expect, expectAccessible, login, test } from "./fixtures";

test("the clinic lead's flow board shows a check-in made at reception within seconds, without reloading", async ({ page, browser }) => {
  // The clinic lead opens today's flow board from the day view.
  await login(page, "lead");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Flow board" })).toBeVisible();
  const board = page.getByRole("table", { name: /Where each patient is on/ });
  await expect(board.getByRole("columnheader", { name: "PHQ-4" })).toBeVisible();
  await expect(page.getByText(/^Updated \d\d:\d\d:\d\d/)).toBeVisible();
  await expectAccessible(page);
  let reloaded = false;
  page.on("load", () => (reloaded = true));

  // Reception, in a browser of their own, checks in a patient still booked.
  const desk = await browser.newContext();
  const reception = await desk.newPage();
  await login(reception, "reception");
  await reception.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  const dayRow = reception
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ has: reception.getByRole("button", { name: /^Check in / }) })
    .first();
  const name = (await dayRow.getByRole("rowheader").textContent())!.trim();
  const nhsNumber = (await dayRow.getByRole("cell").nth(1).textContent())!.trim();
  expect(nhsNumber).toMatch(/^\d{3} \d{3} \d{4}$/);

  const boardRow = board.getByRole("row").filter({ hasText: nhsNumber });
  await expect(boardRow.getByTestId("stage")).toHaveText("Booked");

  await dayRow.getByRole("button", { name: /^Check in / }).click();
  await expect(reception.getByRole("status").filter({ hasText: "checked in" })).toHaveText(`${name} is checked in.`);

  await expect(boardRow.getByTestId("stage")).toHaveText("Arrived", { timeout: 5000 });
  await expect(boardRow).toContainText(/0 min|1 min/);
  expect(reloaded).toBe(false);
  await desk.close();
});

test("reception's flow board has no PHQ-4 column, and the data it polls has no scores", async ({ page }) => {
  await login(page, "reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const board = page.getByRole("table", { name: /Where each patient is on/ });
  await expect(board.getByRole("columnheader", { name: "Stage", exact: true })).toBeVisible();
  await expect(board.getByRole("columnheader", { name: "PHQ-4" })).toHaveCount(0);
  const id = page.url().match(/clinic-days\/([^/]+)\/board/)![1];
  const response = await page.request.get(`/api/clinic-days/${id}/board`);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = await response.text();
  const data = JSON.parse(body) as { showsPhq4: boolean; rows: Array<Record<string, unknown>> };
  expect(data.showsPhq4).toBe(false);
  expect(data.rows.length).toBeGreaterThan(0);
  expect(data.rows.filter((row) => "phq4" in row)).toEqual([]);
  expect(body).not.toContain('"total"');
});

test("the health buddy marks the wrap-around done from their morning list", async ({ page }) => {
  // Reception checks in a patient at Tom Fletcher's station (the other health buddy's, so other specs keep theirs).
  await login(page, "reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  const checkIn = page
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ hasText: "Tom Fletcher" })
    .getByRole("button", { name: /^Check in / })
    .first();
  const name = ((await checkIn.textContent()) ?? "").replace(/^Check in\s*/, "").trim();
  await checkIn.click();
  await expect(page.getByRole("status").filter({ hasText: "checked in" })).toHaveText(`${name} is checked in.`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  await page.getByLabel("Email").fill("buddy2@example.nhs.uk");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/buddy");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await expectAccessible(page);
  await row.getByRole("button", { name: `Wrap-around done ${name}` }).click();
  await expect(row.getByRole("status")).toHaveText(`${name}'s wrap-around is done.`);
  await expect(row).toContainText("Done");
  await expect(row.getByRole("button", { name: /Wrap-around done/ })).toHaveCount(0);
});
