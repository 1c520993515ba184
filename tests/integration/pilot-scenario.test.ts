import { describe, expect, it } from "vitest";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { PILOT_CLINIC_NAME, runPilotScenario } from "@/prisma/pilot-scenario";
import { freshDatabase } from "@/tests/helpers/database";
import { DEMO_STAFF } from "@/tests/helpers/factories";

describe("the pilot scenario", () => {
  it("replays the published pilot through the services, and the funnel reads 12 / 8 / 6 / 4 from the stored records", async () => {
    const { db } = await freshDatabase();
    const result = await runPilotScenario(db, { today: "2026-11-30" });
    expect(result).toMatchObject({ created: true, from: "2026-09-21", to: "2026-10-12" });
    expect(result.dates).toEqual(["2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12"]);

    const lead = await db.staffUser.findUniqueOrThrow({ where: { email: DEMO_STAFF.lead.email } });
    const ctx = { db, actor: { id: lead.id, name: lead.name, email: lead.email, roles: lead.roles, pcnId: lead.pcnId } };
    const report = await getClinicReport(ctx, { from: result.from, to: result.to, clinicId: result.clinicId });
    expect(report.filter.clinicName).toBe(PILOT_CLINIC_NAME);
    expect(report.counts).toEqual({
      booked: 14,
      attended: 12,
      screenedPositive: 8,
      seenByTalkingTherapies: 8,
      broughtIntoService: 6,
      wentOnToTreatment: 4,
    });
    expect(report.attendance.noShows).toBe(2);
    expect(report.times.find((t) => t.measure === "arrivalToLeaving")!.visits).toBe(12);

    // Made by the services, each with its audit event: no row was written around them.
    expect(await db.triageOutcome.count()).toBe(8);
    expect(await db.auditEvent.count({ where: { action: "triage.record" } })).toBe(8);
    expect(await db.referral.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } })).toEqual([
      { status: "ACCEPTED", _count: 2 },
      { status: "ENTERED_TREATMENT", _count: 4 },
    ]);
    expect(await db.auditEvent.count({ where: { action: "phq4.record" } })).toBe(12);

    // Running it again adds nothing.
    const again = await runPilotScenario(db, { today: "2026-12-07" });
    expect(again).toMatchObject({ created: false, clinicId: result.clinicId, from: result.from, to: result.to });
    expect((await getClinicReport(ctx, { from: result.from, to: result.to })).counts.wentOnToTreatment).toBe(4);
  }, 240_000);
});
