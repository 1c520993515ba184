import { expect, login, test } from "./fixtures";

// A4 at 96 CSS pixels per inch, less the page's 10 mm margins.
const A4_PRINTABLE_HEIGHT = ((297 - 20) / 25.4) * 96;

test("the printed day list fits one A4 page, with room for a 20-patient morning", async ({ page }) => {
  await login(page, "reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: "Print day list" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Day list: /);

  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: Math.round(((210 - 20) / 25.4) * 96), height: 1200 });
  const rows = page.getByRole("table").locator("tbody tr");
  const count = await rows.count();
  expect(count).toBeGreaterThan(5);
  const measure = await page.evaluate(() => {
    const body = document.querySelectorAll("table tbody tr");
    const heights = Array.from(body, (row) => row.getBoundingClientRect().height);
    const table = document.querySelector("table")!.getBoundingClientRect();
    return { tallestRow: Math.max(...heights), rowsBottom: table.bottom, rowsHeight: heights.reduce((a, b) => a + b, 0) };
  });
  // Everything above the rows, plus 20 rows as tall as the tallest one.
  const projected = measure.rowsBottom - measure.rowsHeight + 20 * measure.tallestRow;
  expect(projected).toBeLessThan(A4_PRINTABLE_HEIGHT);

  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
});
