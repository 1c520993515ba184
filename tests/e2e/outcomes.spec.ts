import type { Page } from "@playwright/test";
import { expect, expectAccessible, login, test } from "./fixtures";

/** This month in London (YYYY-MM): the newsletter counts a finished course in the month it closed. */
const thisMonth = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).format(new Date());

/** The practice's "Recovered" cell of its newsletter as [recovered, of]; "none to count yet" is [0, 0]. */
async function recoveredOf(page: Page, odsCode: string): Promise<[number, number]> {
  await page.goto(`/reports/newsletter?practice=${odsCode}&month=${thisMonth()}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Recovered of those who finished treatment at caseness/ }) });
  const text = (await row.getByRole("cell").first().innerText()).trim();
  if (text === "none to count yet") return [0, 0];
  const match = /^(\d+) of (\d+)/.exec(text);
  if (!match) throw new Error(`Unexpected recovery cell: ${text}`);
  return [Number(match[1]), Number(match[2])];
}

/** Records one attended treatment session with every PHQ-9 item (but item 9, 0) and every GAD-7 item at `value`. */
async function recordSession(page: Page, value: number): Promise<void> {
  const contacts = page.getByTestId("course-contact");
  const before = await contacts.count();
  const form = page.getByRole("region", { name: "Record a session" });
  await form.locator("#session-attendance-ATTENDED").check();
  for (let item = 1; item <= 9; item++) await form.locator(`#phq9-item-${item}-${item === 9 ? 0 : value}`).check();
  for (let item = 1; item <= 7; item++) await form.locator(`#gad7-item-${item}-${value}`).check();
  await form.getByRole("button", { name: "Record session" }).click();
  // The page shows the new session before the next is filled in ("Session recorded." stays from the one before).
  await expect(contacts).toHaveCount(before + 1);
  await expect(page.getByText("Session recorded.")).toBeVisible();
}

test("a therapist records three sessions with falling scores and closes the referral; the practice's newsletter counts one more recovered", async ({
  page,
  browser,
}) => {
  test.slow();
  // The therapist opens a referral in treatment with no sessions yet (the list is newest first; the oldest has none).
  await login(page, "therapist");
  await page.goto("/therapies/referrals?status=ENTERED_TREATMENT");
  await page
    .getByRole("link", { name: /: sessions and outcome$/ })
    .last()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /: Talking Therapies course$/ })).toBeVisible();
  const referralId = page.url().split("/").at(-1)!;
  const name = (await page.getByRole("heading", { level: 1 }).innerText()).replace(/: Talking Therapies course$/, "");
  const odsCode = /\(([A-Z0-9]+)\)$/.exec((await page.getByTestId("referral-practice").innerText()).trim())![1];
  await expect(page.getByTestId("course-contact")).toHaveCount(0);

  // The clinic lead's view of the practice's newsletter before.
  const leadContext = await browser.newContext();
  const lead = await leadContext.newPage();
  await login(lead, "lead");
  const [recoveredBefore, ofBefore] = await recoveredOf(lead, odsCode);

  // Three sessions: at caseness (PHQ-9 16, GAD-7 14), better (8, 7), well (0, 0).
  await recordSession(page, 2);
  await recordSession(page, 1);
  await recordSession(page, 0);
  const contacts = page.getByTestId("course-contact");
  await expect(contacts).toHaveCount(3);
  const phq9 = (await page.getByTestId("contact-phq9").allInnerTexts()).map((t) => Number(/(\d+) of 27/.exec(t)![1]));
  expect(phq9.sort((a, b) => a - b)).toEqual([0, 8, 16]);
  await expect(page.getByTestId("outcome-caseness")).toContainText("Yes");
  await expect(page.getByTestId("outcome-recovered")).toContainText("Not yet");
  await expectAccessible(page);

  // Closed after treatment, with its reason.
  await page.locator(`#rf-${referralId}-FINISHED_TREATMENT`).check();
  await page.getByLabel("Reason for closing").fill("Completed a course of guided self-help");
  await page.getByRole("button", { name: `Save ${name}'s referral` }).click();
  await expect(page.getByTestId("referral-status")).toHaveText("Closed after treatment");
  await expect(page.getByTestId("outcome-recovered")).toHaveText("Yes");
  await expect(page.getByTestId("outcome-improvement")).toContainText("Yes");

  // The practice's newsletter for the month: one more finished at caseness, and one more recovered.
  const [recoveredAfter, ofAfter] = await recoveredOf(lead, odsCode);
  expect([recoveredAfter, ofAfter]).toEqual([recoveredBefore + 1, ofBefore + 1]);
  await expectAccessible(lead);
  // Printed, it is one A4 page.
  await lead.emulateMedia({ media: "print" });
  const pdf = await lead.pdf({ format: "A4", preferCSSPageSize: true });
  expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
  await leadContext.close();
});
