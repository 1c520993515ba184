/**
 * The demo data's past referral huddles (issue 14): enough for the reports to
 * show, and nothing on today's or later lists.
 */
import { describe, expect, it } from "vitest";
import { FINAL_DESTINATIONS } from "@/lib/reports/huddle";
import { defaultPeriod } from "@/lib/reports";
import { londonToday } from "@/lib/schedule";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

describe("demo data: past referral huddles", () => {
  it(
    "decided cases across every destination, referrals accepted and overdue, all before today and off today's lists",
    { timeout: 300_000 },
    async () => {
      const { db } = await freshDatabase();
      expect(await seedDemoData(db)).toBe(true);
      const today = new Date(`${londonToday()}T00:00:00Z`);
      const { id: pcnId } = await db.pcn.findFirstOrThrow({ where: { name: "Riverside Primary Care Network" } });

      const huddles = await db.huddle.findMany({ where: { pcnId, date: { lt: today } }, include: { cases: { include: { decision: true } } } });
      expect(huddles).toHaveLength(4);
      expect(huddles.every((h) => h.closedAt !== null)).toBe(true);
      // Whatever else the demo schedules (today's and coming huddles) is not these: nothing of the past huddles is dated today.
      const cases = huddles.flatMap((h) => h.cases);
      expect(cases.every((c) => c.broughtAt < today)).toBe(true);
      expect(cases.every((c) => c.status === "DECIDED" || c.status === "ROLLED_OVER")).toBe(true);
      expect(cases.every((c) => c.decision && c.decision.decidedAt < today)).toBe(true);

      // None of their patients has an appointment today or later, or an open risk.
      const patientIds = [...new Set(cases.map((c) => c.patientId))];
      expect(await db.appointment.count({ where: { patientId: { in: patientIds }, clinicDay: { date: { gte: today } } } })).toBe(0);

      const lead = await db.staffUser.findFirstOrThrow({
        where: { email: "lead@example.nhs.uk" },
        select: { id: true, name: true, email: true, roles: true, pcnId: true },
      });
      const { huddle } = await getClinicReport({ db, actor: lead }, defaultPeriod(londonToday()));
      expect(huddle.brought).toBeGreaterThanOrEqual(10);
      expect(huddle.deferredOnce).toBe(1);
      for (const destination of FINAL_DESTINATIONS) expect(huddle.byDestination.find((d) => d.destination === destination)!.count).toBeGreaterThan(0);
      expect(huddle.referrals.overdue).toBe(2);
      expect(huddle.referrals.accepted).toBeGreaterThanOrEqual(4);
      expect(huddle.daysToAcceptance.referrals).toBe(huddle.referrals.accepted);
      expect(huddle.daysToAcceptance.median).not.toBeNull();
      const late = await db.referral.findMany({ where: { huddleDecisions: { some: {} }, acceptedAt: { not: null } } });
      expect(late.some((r) => r.acceptedAt!.getTime() > r.referredAt.getTime())).toBe(true);
      expect(await db.referral.count({ where: { huddleDecisions: { some: {} }, status: "ENTERED_TREATMENT" } })).toBe(1);
    },
  );
});
