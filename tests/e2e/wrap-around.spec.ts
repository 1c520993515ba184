import { checkInAtStation, expect, expectAccessible, login, test } from "./fixtures";

test("the health buddy records blood pressure, weight and height, sees the BMI, and is told plainly about a systolic of 300", async ({ page }) => {
  // Reception checks in a patient booked today at station 1 (Priya Shah's column), so they are on her morning list.
  const name = await checkInAtStation(page, "Priya Shah");

  await login(page, "buddy");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const section = page.getByRole("region", { name: "Wrap-around checks" });
  await expect(section.getByText("Blood pressure and pulse", { exact: false }).first()).toBeVisible();
  // The checks come before the PHQ-4 on the page.
  const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(headings.indexOf("Wrap-around checks")).toBeLessThan(headings.indexOf("PHQ-4"));

  const systolic = section.getByLabel("Systolic blood pressure (mmHg)");
  await expect(systolic).toHaveAttribute("inputmode", "numeric");
  await expect(section.getByLabel("Weight (kg)")).toHaveAttribute("inputmode", "decimal");
  await systolic.fill("300");
  await section.getByLabel("Diastolic blood pressure (mmHg)").fill("95");
  await section.getByLabel("Weight (kg)").fill("82.5");
  await section.getByLabel("Height (cm)").fill("170");
  await expect(section.getByTestId("bmi")).toHaveText("28.5 kg/m² (Overweight)");
  await section.getByRole("button", { name: "Save wrap-around checks" }).click();

  const message = "Systolic blood pressure must be between 60 and 260 mmHg";
  const summary = section.getByRole("alert");
  await expect(summary).toContainText(message);
  await expect(summary).toBeFocused();
  await expect(systolic).toHaveAttribute("aria-invalid", "true");
  await expect(section.locator("#wa-systolic-error")).toHaveText(`Error: ${message}`);
  await expectAccessible(page);

  // Fix it from the summary's link, by keyboard.
  await summary.getByRole("link", { name: message }).click();
  await expect(systolic).toBeFocused();
  await systolic.fill("200");
  await systolic.press("Enter");
  await expect(section.getByRole("status")).toHaveText("Wrap-around checks saved.");
  await expect(section.getByRole("alert")).toHaveCount(0);

  // The saved values, with who saved them.
  await expect(section.getByText(/^Saved by Priya Shah at \d\d:\d\d/)).toBeVisible();
  const saved = section.locator("dl");
  await expect(saved).toContainText("200/95 mmHg");
  await expect(saved).toContainText("28.5 kg/m² (Overweight)");
  await page.reload();
  await expect(page.getByRole("region", { name: "Wrap-around checks" }).getByLabel("Systolic blood pressure (mmHg)")).toHaveValue("200");
  await expectAccessible(page);
});
