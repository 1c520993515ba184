import { expect, expectAccessible, login, test } from "./fixtures";

test("reception books a patient into today's morning, prepares and checks them in, by keyboard", async ({ page }) => {
  // A long journey with three accessibility scans and the print page: 60 s is not enough on a busy 2-core runner.
  test.slow();
  await login(page, "reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await expect(page).toHaveURL(/\/clinic-days\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}$/);
  await expect(page.getByRole("table", { name: /Morning wrap-around slots/ })).toBeVisible();
  await expectAccessible(page);

  // Choose a free slot by keyboard: the panel's heading takes focus.
  const book = page.getByRole("button", { name: /^Book \d\d:\d\d, Station \d/ }).first();
  const slotLabel = ((await book.textContent()) ?? "").replace(/^Book\s*/, "");
  await book.focus();
  // Arrive by keyboard so :focus-visible applies, and check the focus ring shows.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(book).toBeFocused();
  expect(await book.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  await page.keyboard.press("Enter");
  const panelHeading = page.getByRole("heading", { name: /^Book \d\d:\d\d, Station/ });
  await expect(panelHeading).toBeFocused();
  await expect(panelHeading).toHaveText(`Book ${slotLabel}`);

  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Find the patient by name or NHS number")).toBeFocused();
  await page.keyboard.type("Teresa Jones");
  await page.keyboard.press("Enter");
  const choose = page.getByRole("button", { name: "Choose Teresa Jones" });
  await choose.focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("button", { name: "Confirm booking" });
  await expect(confirm).toBeFocused();
  await page.keyboard.press("Enter");
  const booked = page.getByRole("status").filter({ hasText: "Booked Teresa Jones" });
  await expect(booked).toHaveText(`Booked Teresa Jones at ${slotLabel}.`);
  await expect(booked).toBeFocused();

  // In the grid and the day list.
  await expect(page.getByRole("table", { name: /Morning wrap-around slots/ }).getByRole("link", { name: "Teresa Jones" })).toBeVisible();
  const row = page
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ hasText: "Teresa Jones" });
  await expect(row).toContainText("Booked");
  await expect(row).toContainText("Not prepared");

  // Preparation call.
  const prep = page.getByRole("region", { name: "Preparation calls" }).getByRole("listitem").filter({ hasText: "Teresa Jones" });
  await prep.locator("summary").click();
  await prep.getByLabel("Explained the format of the day").check();
  await prep.getByLabel("Asked them to bring their medicines list").check();
  await prep.getByLabel("Notes (not clinical)").fill("Prefers to be called after 4pm");
  await prep.getByRole("button", { name: "Mark preparation call done" }).click();
  await expect(prep.getByRole("status")).toHaveText("Preparation call for Teresa Jones saved.");
  await expect(prep).toContainText("by Sam Reid on");
  await expect(row).toContainText("Prepared");

  // Check in, undo with a reason, check in again.
  await row.getByRole("button", { name: "Check in Teresa Jones" }).click();
  await expect(page.getByRole("status").filter({ hasText: "checked in" })).toHaveText("Teresa Jones is checked in.");
  await expect(row).toContainText("Arrived");
  await row.getByRole("button", { name: /Undo check-in for Teresa Jones/ }).click();
  await page.getByLabel("Reason (kept in the audit trail)").fill("Checked in the wrong patient");
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "back to booked" })).toBeVisible();
  await expect(row).toContainText("Booked");
  await row.getByRole("button", { name: "Check in Teresa Jones" }).click();
  await expect(row).toContainText("Arrived");
  await expectAccessible(page);

  // The printable day list.
  await page.getByRole("link", { name: "Print day list" }).click();
  await expect(page).toHaveURL(/\/print$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Day list: /);
  const printed = page.getByRole("table").getByRole("row").filter({ hasText: "Teresa Jones" });
  await expect(printed).toContainText("Arrived");
  await expect(page.getByRole("button", { name: "Print day list" })).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print day list" })).toBeHidden();
});

test("a slot someone else just booked shows the next free slots to book instead", async ({ page, context }) => {
  await login(page, "reception");
  await page.getByRole("region", { name: "Upcoming clinic days" }).getByRole("article").first().getByRole("link").click();
  const book = page.getByRole("button", { name: /^Book \d\d:\d\d, Station \d/ }).first();
  await book.click();
  await page.getByLabel("Find the patient by name or NHS number").fill("Patricia Jones");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Choose Patricia Jones" }).click();

  // A colleague books the same slot in another tab first.
  const other = await context.newPage();
  await other.goto(page.url());
  await other
    .getByRole("button", { name: /^Book \d\d:\d\d, Station \d/ })
    .first()
    .click();
  await other.getByLabel("Find the patient by name or NHS number").fill("Teresa Jones");
  await other.getByRole("button", { name: "Search" }).click();
  await other.getByRole("button", { name: "Choose Teresa Jones" }).click();
  await other.getByRole("button", { name: "Confirm booking" }).click();
  await expect(other.getByRole("status").filter({ hasText: "Booked Teresa Jones" })).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "Confirm booking" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "That slot was just booked by someone else" });
  await expect(alert).toBeVisible();
  const instead = alert.getByRole("button", { name: /^Book \d\d:\d\d, Station/ }).first();
  const label = ((await instead.textContent()) ?? "").replace(/^Book /, "");
  await instead.click();
  await expect(page.getByRole("status").filter({ hasText: "Booked Patricia Jones" })).toHaveText(`Booked Patricia Jones at ${label}.`);

  // Move her to another slot, then cancel with a reason: the slot becomes free again.
  const row = page
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ hasText: "Patricia Jones" });
  await row.getByRole("button", { name: "Reschedule Patricia Jones" }).click();
  const newSlot = page.getByLabel("New slot");
  await expect(newSlot).toBeFocused();
  const option = await newSlot.locator("option").nth(1).textContent();
  await newSlot.selectOption({ index: 1 });
  await page.getByRole("button", { name: "Move appointment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is moved to" })).toContainText(`Patricia Jones is moved to`);
  await expect(row).toContainText(option!.split(",")[0]);

  await row.getByRole("button", { name: "Cancel Patricia Jones's appointment" }).click();
  await page.getByRole("button", { name: "Cancel appointment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "reason" })).toBeVisible();
  await page.getByLabel("Reason (kept in the audit trail)").fill("Patient rang to cancel");
  await page.getByRole("button", { name: "Cancel appointment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "cancelled" })).toHaveText(
    "Patricia Jones's appointment is cancelled and the slot is free.",
  );
  await expect(
    page
      .getByRole("table", { name: /Patients booked on/ })
      .getByRole("row")
      .filter({ hasText: "Patricia Jones" }),
  ).toHaveCount(0);
});
