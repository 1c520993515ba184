import { describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

describe("demo data", () => {
  it("books, prepares and records arrivals through the services, quickly", async () => {
    const { db } = await freshDatabase();
    const started = Date.now();
    expect(await seedDemoData(db)).toBe(true);
    // About 6 s alone; the bound leaves room for a CI machine busy with other test files.
    expect(Date.now() - started).toBeLessThan(30_000);

    const today = new Date(`${londonToday()}T00:00:00Z`);
    const days = await db.clinicDay.findMany({
      orderBy: { date: "asc" },
      include: { appointments: { include: { preparation: true } } },
    });
    expect(days.map((d) => d.appointments.length)).toEqual([14, 13, 15, 12, 12, 10, 6, 3, 0]);
    const past = days.filter((d) => d.date < today).flatMap((d) => d.appointments);
    expect(past.every((a) => a.status === "ARRIVED" || a.status === "NOSHOW")).toBe(true);
    expect(past.filter((a) => a.status === "NOSHOW").length).toBeGreaterThan(0);
    const upcoming = days.filter((d) => d.date >= today).flatMap((d) => d.appointments);
    expect(upcoming.every((a) => a.status === "BOOKED")).toBe(true);
    const prepared = upcoming.filter((a) => a.preparation).length;
    expect(prepared).toBeGreaterThan(upcoming.length / 3);
    expect(prepared).toBeLessThan(upcoming.length);
    expect(await db.auditEvent.count({ where: { action: "appointment.book", patientId: { not: null } } })).toBe(85);
    // Running it again adds nothing.
    expect(await seedDemoData(db)).toBe(false);
  }, 60_000);
});
