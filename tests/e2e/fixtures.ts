import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "clinic-day-demo";

export const ACCOUNTS = {
  reception: { email: "reception@example.nhs.uk", home: "/reception", heading: "Reception" },
  buddy: { email: "buddy@example.nhs.uk", home: "/buddy", heading: "Health buddy" },
  therapist: { email: "therapist@example.nhs.uk", home: "/therapies", heading: "Talking Therapies" },
  gp: { email: "gp@example.nhs.uk", home: "/gp", heading: "GP" },
  lead: { email: "lead@example.nhs.uk", home: "/lead", heading: "Clinic lead" },
  /** The CMHT's mental health partner in the demo PCN's huddle. */
  partner: { email: "cmht@example.nhs.uk", home: "/huddle", heading: "Referral huddle" },
  /** The second demo PCN's clinic lead (prisma/seed.ts seedSecondPcn). */
  otherLead: { email: "lead@other-pcn.example.nhs.uk", home: "/lead", heading: "Clinic lead" },
} as const;

export type AccountKey = keyof typeof ACCOUNTS;

export async function login(page: Page, who: AccountKey, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ACCOUNTS[who].email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (password === DEMO_PASSWORD) await page.waitForURL(`**${ACCOUNTS[who].home}`);
}

/**
 * As reception, checks in a patient still booked today at the station of the
 * named health buddy (so they are on that buddy's morning list), leaving out
 * the patients named in `notNamed`; returns the patient's name. Leaves
 * reception signed out.
 */
export async function checkInAtStation(page: Page, buddyName: string, options: { notNamed?: readonly string[] } = {}): Promise<string> {
  await login(page, "reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  let rows = page
    .getByRole("table", { name: /Patients booked on/ })
    .getByRole("row")
    .filter({ hasText: buddyName });
  for (const name of options.notNamed ?? []) rows = rows.filter({ hasNotText: name });
  const checkIn = rows.getByRole("button", { name: /^Check in / }).first();
  const name = ((await checkIn.textContent()) ?? "").replace(/^Check in\s*/, "").trim();
  expect(name).not.toBe("");
  await checkIn.click();
  await expect(page.getByRole("status").filter({ hasText: "checked in" })).toHaveText(`${name} is checked in.`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  return name;
}

/**
 * No serious or critical accessibility violations on the page as it stands.
 *
 * axe runs in the page itself (AxeBuilder's legacy mode) when the page has no
 * frames: the same rules on the same document, without the blank page the
 * default mode opens to merge the results of each frame, which doubled the
 * time of every check (some 110 in the suite). The one thing legacy mode gives
 * up is testing cross-origin frames, so a page with any frame is checked in
 * the default mode.
 */
export async function expectAccessible(page: Page, options: { wcag22?: boolean } = {}): Promise<void> {
  const results = await new AxeBuilder({ page })
    // The patient pages are also held to WCAG 2.2 AA's own rule (target size).
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", ...(options.wcag22 ? ["wcag22aa"] : [])])
    .setLegacyMode(page.frames().length === 1)
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
}

export const test = base;
export { expect };
