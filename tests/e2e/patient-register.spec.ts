import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatNhsNumber, generateTestNhsNumber, NHS_NUMBER_CHARACTERS_MESSAGE } from "../../lib/nhs-number";
import { expect, expectAccessible, login, test } from "./fixtures";

// Demo patients use test numbers 0–39; these are kept clear of them.
const NEW_PATIENT = generateTestNhsNumber(901);
const IMPORTED = [910, 911, 912].map(generateTestNhsNumber);
const EMAIL_ONLY = generateTestNhsNumber(902);
const DASHED = generateTestNhsNumber(903);
const INVITED = generateTestNhsNumber(904);

test("reception finds a demo patient by NHS number with spaces and opens the record", async ({ page }) => {
  await login(page, "reception");
  await page.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expectAccessible(page);

  const demo = formatNhsNumber(generateTestNhsNumber(0));
  await page.getByLabel("Name, NHS number or date of birth").fill(demo);
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("region", { name: "Search results" });
  await expect(results.getByRole("heading", { name: "1 patient found by NHS number" })).toBeVisible();
  await expect(results.getByRole("cell", { name: demo })).toBeVisible();
  // The identifier searched for never goes into the address.
  expect(page.url()).not.toContain(generateTestNhsNumber(0).slice(0, 3) + "%20");
  expect(page.url()).toMatch(/\/patients$/);
  await expectAccessible(page);

  await results.getByRole("link", { name: "AHMED, Amira" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Amira Ahmed" })).toBeVisible();
  await expect(page.getByText(demo)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Appointments" })).toBeVisible();
  await expect(page.getByText(/PHQ-4/)).toHaveCount(0);
  await expectAccessible(page);
});

test("reception adds a patient, and a second with the same NHS number is refused with a link", async ({ page }) => {
  await login(page, "reception");
  await page.goto("/patients");
  await page.getByRole("link", { name: "Add a patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a patient" })).toBeVisible();

  // Nothing filled in: every required field is named, in the summary and beside the field.
  await page.getByRole("button", { name: "Add patient" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Enter the given name" })).toBeVisible();
  await expect(page.getByText("Error: Enter the family name")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("NHS number").fill(formatNhsNumber(NEW_PATIENT));
  await page.getByLabel("Given name").fill("Zofia");
  await page.getByLabel("Family name").fill("Testowska");
  await page.getByLabel("Date of birth").fill("1961-07-23");
  await page.getByRole("radio", { name: "Female" }).check();
  await page.getByLabel("Registered practice").selectOption({ label: "Canal Street Medical Centre (Y99902)" });
  await page.getByLabel("Phone (optional)").fill("07700 900777");
  await page.getByLabel("Preferred language").fill("Polish");
  await page.getByLabel("Needs an interpreter").check();
  await page.getByRole("checkbox", { name: "Diabetes" }).check();
  await page.getByRole("checkbox", { name: "COPD" }).check();
  await page.getByRole("button", { name: "Add patient" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Zofia Testowska" })).toBeVisible();
  await expect(page.getByText("Diabetes, COPD")).toBeVisible();
  await expect(page.getByText("07700 900777")).toBeVisible();
  const firstUrl = page.url();

  await page.goto("/patients/new");
  await page.getByLabel("NHS number").fill(NEW_PATIENT);
  await page.getByLabel("Given name").fill("Someone");
  await page.getByLabel("Family name").fill("Else");
  await page.getByLabel("Date of birth").fill("1970-01-01");
  await page.getByRole("radio", { name: "Male", exact: true }).check();
  await page.getByLabel("Registered practice").selectOption({ label: "Riverside Surgery (Y99901)" });
  await page.getByRole("button", { name: "Add patient" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(conflict).toContainText(`A patient with NHS number ${formatNhsNumber(NEW_PATIENT)} is already registered.`);
  await expectAccessible(page);
  await conflict.getByRole("link", { name: "Open the patient already registered with this NHS number" }).click();
  await expect(page).toHaveURL(firstUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Zofia Testowska" })).toBeVisible();

  // Change details and see them saved.
  await page.getByRole("link", { name: /Change details/ }).click();
  await expect(page.getByLabel("Given name")).toHaveValue("Zofia");
  await expectAccessible(page);
  await page.getByLabel("Given name").fill("Zosia");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Zosia Testowska" })).toBeVisible();
});

test("the register form asks for each reminder consent separately; registering with email consent only stores it", async ({ page }) => {
  await login(page, "reception");
  await page.goto("/patients/new");
  const reminders = page.getByRole("group", { name: "Appointment reminders" });
  const text = reminders.getByRole("checkbox", { name: "Agrees to text message reminders" });
  const email = reminders.getByRole("checkbox", { name: "Agrees to email reminders" });
  await expect(text).not.toBeChecked();
  await expect(email).not.toBeChecked();
  // Each says what else it needs, read out with the checkbox.
  await expect(text).toHaveAccessibleDescription(/phone number/);
  await expect(email).toHaveAccessibleDescription(/email address/);
  await expectAccessible(page);

  await page.getByLabel("NHS number").fill(formatNhsNumber(EMAIL_ONLY));
  await page.getByLabel("Given name").fill("Ewa");
  await page.getByLabel("Family name").fill("Emailowa");
  await page.getByLabel("Date of birth").fill("1958-04-12");
  await page.getByRole("radio", { name: "Female" }).check();
  await page.getByLabel("Registered practice").selectOption({ label: "Riverside Surgery (Y99901)" });
  await page.getByLabel("Phone (optional)").fill("07700 900778");
  await page.getByLabel("Email (optional)").fill("ewa@example.com");
  await email.check();
  await page.getByRole("button", { name: "Add patient" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Ewa Emailowa" })).toBeVisible();
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByRole("term").filter({ hasText: "Text message reminders" }).locator("xpath=following-sibling::dd[1]")).toHaveText(
    "Not agreed",
  );
  await expect(details.getByRole("term").filter({ hasText: "Email reminders" }).locator("xpath=following-sibling::dd[1]")).toHaveText("Agreed");
  await expectAccessible(page);

  // The edit form shows what was stored.
  await page.getByRole("link", { name: /Change details/ }).click();
  await expect(page.getByRole("checkbox", { name: "Agrees to text message reminders" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Agrees to email reminders" })).toBeChecked();
});

test("an NHS number typed with dashes is refused: the error summary names it and links to the field", async ({ page }) => {
  await login(page, "reception");
  await page.goto("/patients/new");
  const dashed = formatNhsNumber(DASHED).replace(/ /g, "-");
  await page.getByLabel("NHS number").fill(dashed);
  await page.getByLabel("Given name").fill("Dorota");
  await page.getByLabel("Family name").fill("Dashed");
  await page.getByLabel("Date of birth").fill("1962-09-30");
  await page.getByRole("radio", { name: "Female" }).check();
  await page.getByLabel("Registered practice").selectOption({ label: "Riverside Surgery (Y99901)" });
  await page.getByRole("button", { name: "Add patient" }).click();

  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  const link = summary.getByRole("link", { name: NHS_NUMBER_CHARACTERS_MESSAGE });
  await expect(link).toHaveAttribute("href", "#nhsNumber");
  await expect(summary.getByRole("link")).toHaveCount(1);
  const field = page.getByLabel("NHS number");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(`Error: ${NHS_NUMBER_CHARACTERS_MESSAGE.replace(/[()]/g, "\\$&")}`));
  await expectAccessible(page);
  await link.click();
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(dashed);

  // Nothing was stored: the number (typed as the form accepts it) finds no one.
  await page.goto("/patients");
  await page.getByLabel("Name, NHS number or date of birth").fill(DASHED);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: /No patients? found/ })).toBeVisible();
});

test("reception imports a small list: the bad row is named and the good ones are added", async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), "patient-import-"));
  const file = path.join(dir, "eligible.csv");
  writeFileSync(
    file,
    [
      "NHS Number,Given Name,Family Name,Date of Birth,Sex,Practice ODS Code,Long Term Conditions",
      `${IMPORTED[0]},Imran,Imported,14/03/1956,M,Y99901,Diabetes;COPD`,
      `${formatNhsNumber(IMPORTED[1])},Ivy,Imported,1948-11-30,F,Y99902,hypertension`,
      `${IMPORTED[2]},Iris,Imported,01/02/1950,female,y99903,`,
      "4857773456,Bad,Number,1950-01-01,F,Y99901,",
    ].join("\r\n"),
  );

  await login(page, "reception");
  await page.goto("/patients");
  await page.getByRole("link", { name: "Import a list" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a patient list" })).toBeVisible();
  await expectAccessible(page);

  // A file of the wrong kind is refused, saying what was expected.
  const wrong = path.join(dir, "list.txt");
  writeFileSync(wrong, "hello");
  await page.getByLabel("CSV file").setInputFiles(wrong);
  await page.getByRole("button", { name: "Check the file" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "There is a problem with the file" });
  await expect(refusal).toContainText("is not a CSV file");
  await expect(refusal).toContainText("nhs_number, given_name, family_name, date_of_birth");
  await expect(refusal).toBeFocused();

  // Over 5 MB: refused by the server too, not only by the page, stating the limit.
  const big = await page.request.post("/api/patient-imports", {
    headers: { Origin: new URL(page.url()).origin },
    multipart: { file: { name: "big.csv", mimeType: "text/csv", buffer: Buffer.alloc(6 * 1024 * 1024, "a") } },
  });
  expect(big.status()).toBe(413);
  expect((await big.json()).error).toMatchObject({
    code: "TOO_LARGE",
    message: expect.stringContaining("the largest file that can be imported is 5 MB"),
  });

  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "Check the list before importing" })).toBeVisible();
  await expect(page.getByText("Row 5: NHS number 4857773456 fails the check digit")).toBeVisible();
  await expect(page.getByText("1 row has problems and will not be imported.")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Import 3 patients" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible();
  await expect(page.getByRole("definition").nth(0)).toHaveText("3");
  await expect(page.getByText("Imported 3 of 3")).toHaveCount(0);
  await expectAccessible(page);

  // They are in the register now.
  await page.getByRole("link", { name: "Go to the patient register" }).click();
  await page.getByLabel("Name, NHS number or date of birth").fill("imported");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: "3 patients found by name" })).toBeVisible();
});

test("a GP can find patients but not add or import them", async ({ page }) => {
  await login(page, "gp");
  await page.goto("/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add a patient" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import a list" })).toHaveCount(0);
  for (const url of ["/patients/new", "/patients/import"]) {
    await page.goto(url);
    await expect(page).toHaveURL(/\/forbidden$/);
  }
});

test("reception invites a filtered list from the register: one practice, one patient ticked, and sees what was queued", async ({ page }) => {
  // A patient of its own, so no other spec's patient is sent a link (a new link replaces an open one).
  await login(page, "reception");
  await page.goto("/patients/new");
  await page.getByLabel("NHS number").fill(INVITED);
  await page.getByLabel("Given name").fill("Ivo");
  await page.getByLabel("Family name").fill("Invitowski");
  await page.getByLabel("Date of birth").fill("1957-05-17");
  await page.getByRole("radio", { name: "Male", exact: true }).check();
  await page.getByLabel("Registered practice").selectOption({ label: "Oak Lane Health Centre (Y99903)" });
  await page.getByLabel("Phone (optional)").fill("07700 900779");
  await page.getByRole("checkbox", { name: "Agrees to text message reminders" }).check();
  await page.getByRole("checkbox", { name: "Diabetes" }).check();
  await page.getByRole("checkbox", { name: "Heart failure" }).check();
  await page.getByRole("button", { name: "Add patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ivo Invitowski" })).toBeVisible();

  await page.goto("/patients");
  await page.getByRole("link", { name: "Invite patients to choose a time" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invite patients to choose a time" })).toBeVisible();
  await page.getByLabel("Practice").selectOption({ label: "Oak Lane Health Centre (Y99903)" });
  await page.getByRole("button", { name: "Show patients" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /patients?: \d+ by text, \d+ by email, \d+ cannot be reached/ })).toBeVisible();
  const table = page.getByRole("table", { name: "Patients eligible and not booked" });
  await expect(table.getByRole("rowheader", { name: "INVITOWSKI, Ivo" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "Riverside Surgery" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Invite Ivo Invitowski" })).toBeChecked();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Untick everyone" }).click();
  await expect(page.getByRole("checkbox", { name: "Invite Ivo Invitowski" })).not.toBeChecked();
  await page.getByRole("checkbox", { name: "Invite Ivo Invitowski" }).check();
  await page.getByRole("button", { name: "Send invitations" }).click();

  const sent = page.getByRole("status").filter({ hasText: "Invitations sent to 1 patient" });
  await expect(sent).toContainText("Queued: 1 text message, 0 emails.");
  // Sent a link, he drops off the list that leaves out working links; the address names no patient.
  await expect(page.getByRole("rowheader", { name: "INVITOWSKI, Ivo" })).toHaveCount(0);
  expect(page.url()).not.toContain("Invitowski");
  await expectAccessible(page);
});
