import { DEMO_PASSWORD, expect, expectAccessible, login, test } from "./fixtures";

import type { Browser, Page } from "@playwright/test";

/** Opens today's flow board as `page`'s signed-in user; returns the board table. */
async function openTodaysBoard(page: Page) {
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Flow board" })).toBeVisible();
  return page.getByRole("table", { name: /Where each patient is on/ });
}

/**
 * Reception, in a browser of its own, finds a patient still booked today: their day-view row, name and NHS number.
 * Not one at Priya Shah's station: the specs that follow need her morning list's patients (checkInAtStation).
 */
async function receptionDesk(browser: Browser) {
  const desk = await browser.newContext();
  const reception = await desk.newPage();
  await login(reception, "reception");
  await reception.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  const dayRow = reception
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ has: reception.getByRole("button", { name: /^Check in / }) })
    .filter({ hasNotText: "Priya Shah" })
    .first();
  const name = (await dayRow.getByRole("rowheader").textContent())!.trim();
  const nhsNumber = (await dayRow.getByRole("cell").nth(1).textContent())!.trim();
  expect(nhsNumber).toMatch(/^\d{3} \d{3} \d{4}$/);
  const checkIn = async () => {
    await dayRow.getByRole("button", { name: /^Check in / }).click();
    await expect(reception.getByRole("status").filter({ hasText: "checked in" })).toHaveText(`${name} is checked in.`);
  };
  return { desk, name, nhsNumber, checkIn };
}

test("the clinic lead's flow board shows a check-in made at reception as it happens, pushed, without reloading or polling", async ({
  page,
  browser,
}) => {
  // The page's own timers are the test's to run: with them stopped below, polling cannot update the board.
  await page.clock.install();
  await login(page, "lead");
  const board = await openTodaysBoard(page);
  await expect(board.getByRole("columnheader", { name: "PHQ-4" })).toBeVisible();
  await expect(page.getByText(/^Updated \d\d:\d\d:\d\d/)).toBeVisible();
  // The live stream (server-sent events, fed by PostgreSQL LISTEN/NOTIFY) is open.
  await expect(page.getByTestId("board-mode")).toHaveText("(live: changes show as they are made)");
  await expectAccessible(page);
  let reloaded = false;
  page.on("load", () => (reloaded = true));
  const boardFetches: number[] = [];
  page.on("request", (request) => {
    if (/\/api\/clinic-days\/[^/]+\/board$/.test(new URL(request.url()).pathname)) boardFetches.push(Date.now());
  });

  const reception = await receptionDesk(browser);
  const boardRow = board.getByRole("row").filter({ hasText: reception.nhsNumber });
  await expect(boardRow.getByTestId("stage")).toHaveText("Booked");

  // From here no timer of the board's page fires: no poll, no minute refresh. Only a pushed "changed" can refetch.
  await page.clock.pauseAt(Date.now() + 1_000);
  const fetchesBefore = boardFetches.length;
  await reception.checkIn();
  await expect(boardRow.getByTestId("stage")).toHaveText("Arrived", { timeout: 5000 });
  await expect(boardRow).toContainText(/0 min|1 min/);
  expect(boardFetches.length).toBeGreaterThan(fetchesBefore);
  expect(reloaded).toBe(false);
  await reception.desk.close();
});

test("without the live stream the flow board falls back to polling, and still shows a check-in within seconds", async ({ page, browser }) => {
  // The stream refused, as while the database connection behind it is down.
  await page.route("**/api/clinic-days/*/events", (route) =>
    route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "UNAVAILABLE", message: "Not now" } }) }),
  );
  await login(page, "lead");
  const board = await openTodaysBoard(page);
  await expect(page.getByTestId("board-mode")).toHaveText("(refreshes every 3 seconds)");

  const reception = await receptionDesk(browser);
  const boardRow = board.getByRole("row").filter({ hasText: reception.nhsNumber });
  await expect(boardRow.getByTestId("stage")).toHaveText("Booked");
  await reception.checkIn();
  await expect(boardRow.getByTestId("stage")).toHaveText("Arrived", { timeout: 8000 });
  await expect(page.getByTestId("board-mode")).toHaveText("(refreshes every 3 seconds)");
  await reception.desk.close();
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
