import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createPatient } from "@/lib/services/patients/create-patient";
import { auditRow, recordAudit, recordPatientViews, recordPatientViewsUnlessRecorded, type AuditEntry } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { exportAuditCsv } from "@/lib/services/audit/export-audit-csv";
import { searchAudit } from "@/lib/services/audit/search-audit";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let lead: ServiceContext;
let patientId: string;
let nhsNumber: string;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  lead = { db: t.db, actor: org.staff.lead };
  const input = demoPatientInput(3, org.practiceIds);
  nhsNumber = String(input.nhsNumber);
  patientId = (await createPatient({ db: t.db, actor: org.staff.reception, request: { ip: "10.1.1.1" } }, input)).id;
  await getPatientRecord({ db: t.db, actor: org.staff.gp, request: { ip: "10.1.1.2" } }, { id: patientId });
});

describe("audit trail search", () => {
  it("answers who has looked at this patient's record, newest first, and records the search", async () => {
    const spaced = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, "$1 $2 $3");
    const { rows } = await searchAudit(lead, { nhsNumber: spaced });
    expect(rows.map((r) => [r.action, r.actorEmail])).toEqual([
      ["patient.view", "gp@example.nhs.uk"],
      ["patient.create", "reception@example.nhs.uk"],
    ]);
    expect(rows[0]).toMatchObject({ ip: "10.1.1.2", nhsNumber: spaced, outcome: "SUCCESS" });
    expect(await t.db.auditEvent.count({ where: { action: "audit.search", patientId, actorId: org.staff.lead.id } })).toBe(1);
  });

  it("searches by member of staff and by London dates", async () => {
    const byStaff = await searchAudit(lead, { staffEmail: "GP@example.nhs.uk" });
    expect(byStaff.rows.every((r) => r.actorEmail === "gp@example.nhs.uk")).toBe(true);
    expect(byStaff.rows.length).toBeGreaterThan(0);
    const none = await searchAudit(lead, { from: "2020-01-01", to: "2020-01-31" });
    expect(none.rows).toEqual([]);
    const recent = await searchAudit(lead, { from: "2020-01-01", to: "2099-12-31" });
    expect(recent.rows.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an empty or malformed search with a clear message", async () => {
    const empty = await expectAppError(searchAudit(lead, {}), "VALIDATION");
    expect(empty.message).toBe("Search by a patient's NHS number, a member of staff's email, or a date range");
    expect((await expectAppError(searchAudit(lead, { nhsNumber: "4857773456" }), "VALIDATION")).message).toMatch(/check digit/);
    expect((await expectAppError(searchAudit(lead, { from: "2026-05-02", to: "2026-05-01" }), "VALIDATION")).message).toMatch(/on or before/);
  });

  it("is for the clinic lead only, and never shows another PCN's patients", async () => {
    await expectAppError(searchAudit({ db: t.db, actor: org.staff.reception }, { nhsNumber }), "FORBIDDEN");
    await expectAppError(searchAudit({ db: t.db, actor: org.staff.gp }, { nhsNumber }), "FORBIDDEN");
    const other = await createOrganisation(t.db, { suffix: "b2", name: "Other PCN" });
    await expectAppError(searchAudit({ db: t.db, actor: other.staff.lead }, { nhsNumber }), "NOT_FOUND");
    const theirs = await searchAudit({ db: t.db, actor: other.staff.lead }, { from: "2020-01-01", to: "2099-12-31" });
    expect(theirs.rows.some((r) => r.nhsNumber !== null)).toBe(false);
  });

  it("exports the same events as CSV with a header row and ISO 8601 times, audited as an export", async () => {
    const csv = await exportAuditCsv(lead, { nhsNumber });
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([
      "at_utc",
      "staff_name",
      "staff_email",
      "action",
      "outcome",
      "patient_name",
      "nhs_number",
      "record_type",
      "record_id",
      "from_address",
    ]);
    expect(parsed.data.map((r) => r.action)).toEqual(expect.arrayContaining(["patient.view", "patient.create"]));
    expect(parsed.data.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.at_utc) && r.nhs_number === nhsNumber)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "audit.export", patientId } })).toBe(1);
  });
});

describe("how audit events are stored", () => {
  const columns = {
    actorId: true,
    actorEmail: true,
    action: true,
    outcome: true,
    patientId: true,
    entityType: true,
    entityId: true,
    ip: true,
    userAgent: true,
    details: true,
  } as const;

  it("stores each event as Prisma's create stored it, with the time of writing", async () => {
    const entries: AuditEntry[] = [
      {
        actor: org.staff.gp,
        action: "test.every-field",
        outcome: "DENIED",
        patientId,
        entityType: "Patient",
        entityId: patientId,
        request: { ip: "10.9.9.9", userAgent: `Browser ${"x".repeat(500)}` },
        details: { kind: "name", results: 3, nested: { list: [1, "two", null, true] }, quote: 'O\'Connor "Jr"' },
      },
      { actor: null, actorEmail: "nobody@example.nhs.uk", action: "test.no-actor", outcome: "FAILURE" },
      { actor: org.staff.reception, action: "test.bare" },
    ];
    for (const entry of entries) {
      const before = new Date();
      // The reference: what recordAudit wrote before it was one raw INSERT.
      const reference = await t.db.auditEvent.create({ data: auditRow(entry), select: columns });
      await t.db.$transaction((tx) => recordAudit(tx, entry));
      const stored = await t.db.auditEvent.findFirstOrThrow({
        where: { action: entry.action },
        orderBy: { id: "desc" },
        select: { ...columns, at: true },
      });
      const { at, ...rest } = stored;
      expect(rest, entry.action).toEqual(reference);
      expect(at.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(at.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it("records a list's views one event per patient, in the list's order, each patient once", async () => {
    const others = await Promise.all(
      [11, 12].map(async (i) => (await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(i, org.practiceIds))).id),
    );
    const listed = [others[1], patientId, others[0], patientId];
    await t.db.$transaction((tx) =>
      recordPatientViews(tx, { actor: org.staff.gp, action: "test.list", entityType: "Patient", details: { results: 3 } }, listed),
    );
    const rows = await t.db.auditEvent.findMany({ where: { action: "test.list" }, orderBy: { id: "asc" }, select: { ...columns } });
    expect(rows.map((r) => r.patientId)).toEqual([others[1], patientId, others[0]]);
    for (const row of rows)
      expect(row).toMatchObject({ actorId: org.staff.gp.id, actorEmail: org.staff.gp.email, outcome: "SUCCESS", details: { results: 3 } });
  });

  it("records a refreshing screen's views once per interval", async () => {
    const base = { actor: org.staff.gp, action: "test.board", entityType: "ClinicDay", entityId: "day-1" };
    const since = new Date(Date.now() - 60_000);
    expect(await recordPatientViewsUnlessRecorded(t.db, base, [patientId], since)).toBe(true);
    expect(await recordPatientViewsUnlessRecorded(t.db, base, [patientId], since)).toBe(false);
    expect(await recordPatientViewsUnlessRecorded(t.db, { ...base, entityId: "day-2" }, [patientId], since)).toBe(true);
    // An interval that starts after the last view: recorded again.
    expect(await recordPatientViewsUnlessRecorded(t.db, base, [patientId], new Date(Date.now() + 1000))).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "test.board" } })).toBe(3);
  });
});
