/**
 * The two flows people use all morning, by keyboard alone (Tab, Shift+Tab,
 * Enter, Space, arrow keys; no clicks, no programmatic focus), with a focus
 * ring that can be seen on everything that takes focus on the way.
 */
import type { Locator, Page } from "@playwright/test";
import { ACCOUNTS, checkInAtStation, DEMO_PASSWORD, expect, expectAccessible, test, type AccountKey } from "./fixtures";

/** What has focus is visibly marked: the :focus-visible ring from app/globals.css, or another outline or shadow. */
async function expectVisibleFocus(page: Page, label: string): Promise<void> {
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      what: `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? ""}`,
      focusVisible: el.matches(":focus-visible"),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      shadow: style.boxShadow !== "none",
    };
  });
  expect(focus, `${label}: something has focus`).not.toBeNull();
  expect(focus!.focusVisible && (focus!.outline || focus!.shadow), `${label}: visible focus on ${focus!.what}`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking the focus ring at every stop. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 150); i++) {
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      await expectVisibleFocus(page, "target");
      return;
    }
    await expectVisibleFocus(page, `stop ${i + 1}`);
  }
  throw new Error(`Could not reach ${target} by keyboard`);
}

async function signInByKeyboard(page: Page, who: AccountKey): Promise<void> {
  await page.goto("/login");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(ACCOUNTS[who].email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`**${ACCOUNTS[who].home}`);
}

test("reception books a patient into a morning slot by keyboard alone, with visible focus", async ({ page }) => {
  await signInByKeyboard(page, "reception");
  await tabTo(page, page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/clinic-days\/[0-9a-f-]{36}$/);

  const book = page.getByRole("button", { name: /^Book \d\d:\d\d, Station \d/ }).first();
  const slotLabel = ((await book.textContent()) ?? "").replace(/^Book\s*/, "");
  await tabTo(page, book);
  // Back and forth: Shift+Tab leaves the button, Tab returns to it.
  await page.keyboard.press("Shift+Tab");
  await expect(book).not.toBeFocused();
  await page.keyboard.press("Tab");
  await expect(book).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Book ${slotLabel}` })).toBeFocused();

  await tabTo(page, page.getByLabel("Find the patient by name or NHS number"));
  await page.keyboard.type("Chloe O'Connor");
  await page.keyboard.press("Enter");
  const choose = page.getByRole("button", { name: "Choose Chloe O'Connor" });
  await expect(choose).toBeVisible();
  await tabTo(page, choose);
  await page.keyboard.press("Space");
  const confirm = page.getByRole("button", { name: "Confirm booking" });
  await expect(confirm).toBeFocused();
  await expectVisibleFocus(page, "confirm");
  await page.keyboard.press("Enter");
  const booked = page.getByRole("status").filter({ hasText: "Booked Chloe O'Connor" });
  await expect(booked).toHaveText(`Booked Chloe O'Connor at ${slotLabel}.`);
  await expect(booked).toBeFocused();
  await expect(page.getByRole("table", { name: /Morning wrap-around slots/ }).getByRole("link", { name: "Chloe O'Connor" })).toBeVisible();
  await expectAccessible(page);
});

test("the health buddy records a PHQ-4 by keyboard alone, choosing answers with the arrow keys", async ({ page }) => {
  const name = await checkInAtStation(page, "Priya Shah");
  await signInByKeyboard(page, "buddy");
  await tabTo(page, page.getByRole("link", { name }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // 0, 1, 2, 3 = 6: Space picks the first answer; each arrow press moves to and picks the next.
  const answers = [0, 1, 2, 3];
  const group = (index: number) => page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
  for (const [index, value] of answers.entries()) {
    await tabTo(page, group(index).getByRole("radio").first());
    if (value === 0) await page.keyboard.press("Space");
    for (let step = 0; step < value; step++) await page.keyboard.press("ArrowRight");
    const chosen = group(index).getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) });
    await expect(chosen).toBeChecked();
    await expect(chosen).toBeFocused();
    await expectVisibleFocus(page, `question ${index + 1}`);
  }
  await expect(page.getByText(/Total 6 of 12/)).toBeVisible();
  // Shift+Tab from the last answer goes back to the question before it, whose answer stays.
  await page.keyboard.press("Shift+Tab");
  await expect(group(2).getByRole("radio", { name: /\(2\)$/ })).toBeFocused();
  await expectVisibleFocus(page, "back to question 3");

  await tabTo(page, page.getByRole("button", { name: "Save PHQ-4" }));
  await page.keyboard.press("Enter");
  const outcome = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(outcome).toContainText("PHQ-4 total 6 ≥ 3: Talking Therapies, then GP");
  await expectAccessible(page);
});
