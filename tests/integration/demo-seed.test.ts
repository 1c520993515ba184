import { describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

describe("demo data", () => {
  it("books, prepares and records arrivals through the services, quickly", async () => {
    const { db } = await freshDatabase();
    const started = Date.now();
    expect(await seedDemoData(db)).toBe(true);
    // About 6 s alone, plus the triage of past afternoons (about 15% more); the bound leaves room for a CI machine busy with other test files.
    expect(Date.now() - started).toBeLessThan(35_000);

    const today = new Date(`${londonToday()}T00:00:00Z`);
    const days = await db.clinicDay.findMany({
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
    const afternoons = await db.appointment.findMany({ where: { kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { in: ["BOOKED", "FULFILLED"] } }, include: { slot: true } });
    for (const a of arrived) {
      const mine = afternoons.filter((x) => x.patientId === a.patientId && x.clinicDayId === a.clinicDayId).sort((x, y) => x.slot.startsAt.getTime() - y.slot.startsAt.getTime());
      expect(mine.map((x) => x.kind)).toEqual(a.phq4Assessments[0].total >= 3 ? ["TALKING_THERAPIES", "GP"] : ["GP"]);
    }
    expect(await db.waitlistEntry.count()).toBe(0);

    // Every past Talking Therapies appointment was called in, triaged and finished by the therapist, with a mix of outcomes.
    const pastTherapy = afternoons.filter((x) => x.kind === "TALKING_THERAPIES" && days.some((d) => d.id === x.clinicDayId && d.date < today));
    expect(pastTherapy.length).toBeGreaterThan(10);
    expect(pastTherapy.every((x) => x.status === "FULFILLED")).toBe(true);
    const triages = await db.triageOutcome.findMany({ include: { referral: true } });
    expect(triages).toHaveLength(pastTherapy.length);
    expect(new Set(triages.map((x) => x.outcome))).toEqual(new Set(["REFER", "REVIEW_LATER", "STANDALONE_SUPPORT", "SIGNPOST"]));
    const risks = triages.filter((x) => x.riskToSelf || x.riskToOthers || x.riskFromOthers);
    expect(risks.length).toBeGreaterThan(0);
    expect(risks.every((x) => x.riskActionTaken)).toBe(true);
    expect(triages.some((x) => x.recommendations.length > 1)).toBe(true);
    // Reviews are booked on clinic days after today.
    const reviews = triages.filter((x) => x.outcome === "REVIEW_LATER");
    expect(reviews.every((x) => x.reviewAppointmentId && days.find((d) => d.id === x.reviewClinicDayId)!.date > today)).toBe(true);
    // Referrals at every stage.
    const statuses = triages.flatMap((x) => (x.referral ? [x.referral.status] : []));
    expect(new Set(statuses)).toEqual(new Set(["REFERRED", "ACCEPTED", "ENTERED_TREATMENT", "DECLINED", "DID_NOT_ENGAGE"]));
    expect(statuses.filter((x) => x === "DECLINED")).toHaveLength(1);
    expect(statuses.filter((x) => x === "DID_NOT_ENGAGE")).toHaveLength(1);
    const prepared = upcoming.filter((a) => a.preparation).length;
    expect(prepared).toBeGreaterThan(upcoming.length / 3);
    expect(prepared).toBeLessThan(upcoming.length);
    expect(await db.auditEvent.count({ where: { action: "appointment.book", patientId: { not: null } } })).toBe(85);
    // Running it again adds nothing.
    expect(await seedDemoData(db)).toBe(false);
  }, 60_000);
});
