import { describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { SECOND_PCN, seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

describe("demo data", () => {
  it("books, prepares and records arrivals through the services, quickly", async () => {
    const { db } = await freshDatabase();
    const started = Date.now();
    expect(await seedDemoData(db)).toBe(true);
    // About 6 s alone; the bound leaves room for a CI machine busy with other test files.
    expect(Date.now() - started).toBeLessThan(30_000);

    const today = new Date(`${londonToday()}T00:00:00Z`);
    const { id: pcnId } = await db.pcn.findFirstOrThrow({ where: { name: "Riverside Primary Care Network" } });
    const days = await db.clinicDay.findMany({
      where: { clinic: { pcnId } },
      orderBy: { date: "asc" },
      include: { appointments: { where: { kind: "WRAP_AROUND" }, include: { preparation: true, wrapAroundCheck: true, phq4Assessments: true } } },
    });
    expect(days.map((d) => d.appointments.length)).toEqual([14, 13, 15, 12, 12, 10, 6, 3, 0]);
    const past = days.filter((d) => d.date < today).flatMap((d) => d.appointments);
    expect(past.every((a) => a.status === "ARRIVED" || a.status === "NOSHOW")).toBe(true);
    expect(past.filter((a) => a.status === "NOSHOW").length).toBeGreaterThan(0);
    const upcoming = days.filter((d) => d.date >= today).flatMap((d) => d.appointments);
    expect(upcoming.every((a) => a.status === "BOOKED")).toBe(true);
    expect(upcoming.every((a) => !a.wrapAroundCheck && a.phq4Assessments.length === 0)).toBe(true);

    // Everyone who came on a past day had their checks and a PHQ-4, recorded by their station's buddy after check-in.
    const arrived = past.filter((a) => a.status === "ARRIVED");
    expect(arrived.every((a) => a.wrapAroundCheck && a.phq4Assessments.length === 1)).toBe(true);
    expect(arrived.every((a) => a.phq4Assessments[0].recordedAt > a.checkedInAt! && a.wrapAroundCheck!.recordedAt > a.checkedInAt!)).toBe(true);
    expect(past.filter((a) => a.status === "NOSHOW").every((a) => !a.wrapAroundCheck && a.phq4Assessments.length === 0)).toBe(true);
    const positive = arrived.filter((a) => a.phq4Assessments[0].total >= 3);
    expect(positive.length / arrived.length).toBeGreaterThan(0.45);
    expect(positive.length / arrived.length).toBeLessThan(0.7);
    // Positive screens have Talking Therapies before their GP; negative ones a GP only; nobody waits on a list.
    const afternoons = await db.appointment.findMany({ where: { kind: { in: ["TALKING_THERAPIES", "GP"] }, status: "BOOKED" }, include: { slot: true } });
    for (const a of arrived) {
      const mine = afternoons.filter((x) => x.patientId === a.patientId && x.clinicDayId === a.clinicDayId).sort((x, y) => x.slot.startsAt.getTime() - y.slot.startsAt.getTime());
      expect(mine.map((x) => x.kind)).toEqual(a.phq4Assessments[0].total >= 3 ? ["TALKING_THERAPIES", "GP"] : ["GP"]);
    }
    expect(await db.waitlistEntry.count()).toBe(0);
    const prepared = upcoming.filter((a) => a.preparation).length;
    expect(prepared).toBeGreaterThan(upcoming.length / 3);
    expect(prepared).toBeLessThan(upcoming.length);
    expect(await db.auditEvent.count({ where: { action: "appointment.book", patient: { practice: { pcnId } } } })).toBe(85);

    // The second PCN is small and wholly its own: practices, site, staff, patients, today's clinic day.
    const other = await db.pcn.findFirstOrThrow({ where: { name: SECOND_PCN.name }, include: { practices: true, sites: true, staff: true } });
    expect(other.practices).toHaveLength(3);
    expect(other.sites).toHaveLength(1);
    expect(other.staff.map((s) => s.email)).toContain("lead@other-pcn.example.nhs.uk");
    expect(other.staff.every((s) => s.email.endsWith("@other-pcn.example.nhs.uk"))).toBe(true);
    expect(await db.patient.count({ where: { practice: { pcnId: other.id } } })).toBe(SECOND_PCN.patients);
    const otherDays = await db.clinicDay.findMany({ where: { clinic: { pcnId: other.id } }, include: { appointments: { include: { patient: { include: { practice: true } } } } } });
    expect(otherDays.map((d) => d.date)).toEqual([today]);
    expect(otherDays[0].appointments).toHaveLength(SECOND_PCN.bookedToday);
    expect(otherDays[0].appointments.every((a) => a.patient.practice.pcnId === other.id)).toBe(true);

    // Running it again adds nothing.
    expect(await seedDemoData(db)).toBe(false);
  }, 60_000);
});
