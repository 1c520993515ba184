/**
 * A risk follows the patient (hazard H19): recorded by the therapist when
 * changing an earlier day's triage, it is flagged on today's GP list for an
 * appointment booked from the waitlist (no morning today), until the GP
 * records it resolved from the summary; the triage history keeps both versions.
 */
import { withDatabase } from "./database";
import { expect, expectAccessible, login, test } from "./fixtures";

const ACTION = "Thoughts of not wanting to wake up, no plan: safety plan agreed, crisis line given";
const REASON = "Seen today: the thoughts have passed since the medication review; safety plan kept";

type Picked = { appointment_id: string; patient_id: string; name: string; date: string };

/** A demo patient with one past triage (no risk recorded) and nothing booked from today on. */
async function pickPatient(): Promise<Picked> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<Picked>(
      `select a.id as appointment_id, p.id as patient_id, p."givenName" || ' ' || p."familyName" as name, to_char(cd.date, 'YYYY-MM-DD') as date
         from "TriageOutcome" t
         join "Appointment" a on a.id = t."appointmentId"
         join "Patient" p on p.id = t."patientId"
         join "ClinicDay" cd on cd.id = a."clinicDayId"
         join "Clinic" c on c.id = cd."clinicId"
         join "Pcn" n on n.id = c."pcnId"
        where n.name = 'Riverside Primary Care Network'
          and t.outcome <> 'REVIEW_LATER' and t.version = 1
          and (select count(*) from "TriageOutcome" o where o."patientId" = p.id) = 1
          and not (t."riskToSelf" or t."riskToOthers" or t."riskFromOthers")
          and not exists (select 1 from "Appointment" x join "ClinicDay" d on d.id = x."clinicDayId"
                           where x."patientId" = p.id and d.date >= (now() at time zone 'Europe/London')::date)
        order by cd.date desc, p."nhsNumber" limit 1`,
    );
    if (!rows[0]) throw new Error("The demo data has no patient with one past triage and nothing booked from today");
    return rows[0];
  });
}

/** Books the patient into today's last free slot in gp@'s afternoon column, as booking from the GP waitlist does (no morning today). */
async function bookGpToday(patientId: string): Promise<void> {
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ slot_id: string; day_id: string }>(
      `select s.id as slot_id, cs."clinicDayId" as day_id
         from "Slot" s
         join "ClinicSession" cs on cs.id = s."sessionId"
         join "ClinicDay" cd on cd.id = cs."clinicDayId"
         join "StaffUser" u on u.id = s."staffId"
        where cs.kind = 'GP' and u.email = 'gp@example.nhs.uk'
          and cd.date = (now() at time zone 'Europe/London')::date
          and not exists (select 1 from "Appointment" x where x."activeSlotId" = s.id)
        order by s."startsAt" desc limit 1`,
    );
    if (!rows[0]) throw new Error("No free GP slot in gp@example.nhs.uk's column today");
    await client.query(
      `insert into "Appointment" (id, "patientId", "clinicDayId", "slotId", "activeSlotId", kind, origin, status, reason, "updatedAt")
       values (gen_random_uuid(), $1, $2, $3, $3, 'GP', 'WAITLIST', 'BOOKED', 'Booked from the GP waitlist', now())`,
      [patientId, rows[0].day_id, rows[0].slot_id],
    );
  });
}

const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

test("a risk recorded at an earlier triage is flagged on today's GP list until the GP records it resolved; the triage keeps its earlier version", async ({
  page,
  context,
}) => {
  test.slow();
  const picked = await pickPatient();
  const { name } = picked;
  const triageDay = longDate(picked.date);

  // The therapist changes the earlier triage: a risk disclosed at a follow-up call.
  await login(page, "therapist");
  await page.goto(`/therapies/appointments/${picked.appointment_id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByLabel("Risk to self").check();
  await page.getByLabel("Action taken about the risk").fill(ACTION);
  await page.getByLabel("Reason for the change").fill("Risk disclosed at the follow-up call");
  await page.getByRole("button", { name: "Save triage" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Triage updated." })).toContainText("This is version 2");

  // Unticking it again needs a reason: named in the summary and beside the field, nothing saved.
  await page.getByLabel("Risk to self").uncheck();
  await page.getByRole("button", { name: "Save triage" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "There is a problem" })
      .getByRole("link", { name: /Give the reason for unticking a risk/ }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Risk to self")).toBeChecked();
  const versions = page.getByRole("region", { name: "Versions of this triage" });
  await expect(versions.getByTestId("triage-version")).toHaveCount(2);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await context.clearCookies();

  // Today the patient has only a GP appointment, from the waitlist.
  await bookGpToday(picked.patient_id);

  // The GP's list puts them first, flagged with the kind, the triage's date and the action taken.
  await login(page, "gp");
  const rows = page.getByRole("table").first().getByRole("row");
  await expect(rows.nth(1)).toContainText(name);
  await expect(rows.nth(1).getByTestId("risk-flag")).toHaveText("Risk: to self");
  await expect(rows.nth(1).getByTestId("open-risks")).toContainText(`Triage of ${triageDay}: action taken: ${ACTION}`);
  await expectAccessible(page);

  // The summary shows the open risk; the GP records it resolved, with the reason.
  await page.getByRole("link", { name: `${name}: summary and care plan` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const open = page.getByRole("region", { name: "Open risk" });
  await expect(open).toContainText(`Risk to self: triage of ${triageDay}`);
  await expect(open).toContainText(ACTION);
  await expectAccessible(page);
  await open.getByRole("button", { name: /^Record/ }).click();
  await expect(open.getByRole("alert")).toContainText("Choose whether the risk was reviewed or resolved");
  await open.getByLabel(/^Resolved/).check();
  await open.getByRole("textbox", { name: /^Reason/ }).fill(REASON);
  await open.getByRole("button", { name: /^Record/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "is recorded as resolved" })).toContainText(
    `The risk from the triage of ${triageDay} is recorded as resolved`,
  );
  await expect(page.getByRole("region", { name: "Open risk" })).toHaveCount(0);

  // The flag has gone from the list.
  await page.getByRole("link", { name: "Back to the afternoon list" }).click();
  const row = page.getByRole("table").first().getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("risk-flag")).toHaveCount(0);

  // The triage history: both versions (the first without the risk), and who resolved it, when and why.
  await page.getByRole("link", { name: `${name}: summary and care plan` }).click();
  await page.getByRole("link", { name: `Triage history of ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Triage history: ${name}` })).toBeVisible();
  const triage = page.getByRole("region", { name: new RegExp(`^Triage of ${triageDay}`) });
  const kept = triage.getByTestId("triage-version");
  await expect(kept).toHaveCount(2);
  await expect(kept.nth(0)).toContainText("Version 2 (current)");
  await expect(kept.nth(0)).toContainText("Why: Risk disclosed at the follow-up call.");
  await expect(kept.nth(0)).toContainText(ACTION);
  await expect(kept.nth(1)).toContainText("Version 1");
  await expect(kept.nth(1)).toContainText("RiskNone identified");
  await expect(triage.getByTestId("risk-reviews")).toContainText(`Resolved by Dr James Whitfield`);
  await expect(triage.getByTestId("risk-reviews")).toContainText(REASON);
  await expect(page.getByText("No open risk.")).toBeVisible();
  await expectAccessible(page);
});
