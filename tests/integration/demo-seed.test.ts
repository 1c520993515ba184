import { describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { getCaseload } from "@/lib/services/key-workers/get-caseload";
import { listReviewsDue } from "@/lib/services/care-plans/list-reviews-due";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { referralOutcomes } from "@/lib/services/reports/internal/outcome-queries";
import { SECOND_PCN, seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";

describe("demo data", () => {
  // Speed is the bench's business; the generous timeout only stops a hung seed.
  it("books, prepares and records arrivals through the services", { timeout: 300_000 }, async () => {
    const { db } = await freshDatabase();
    expect(await seedDemoData(db)).toBe(true);

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
    const afternoons = await db.appointment.findMany({
      where: { kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { in: ["BOOKED", "FULFILLED"] } },
      include: { slot: true },
    });
    for (const a of arrived) {
      const mine = afternoons
        .filter((x) => x.patientId === a.patientId && x.clinicDayId === a.clinicDayId)
        .sort((x, y) => x.slot.startsAt.getTime() - y.slot.startsAt.getTime());
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
    // One triage was changed (its earlier version kept, with the reason); every risk but one was reviewed or resolved by a GP,
    // and the one still open belongs to a patient not booked today, so it follows them without changing today's lists.
    expect(await db.triageVersion.count()).toBe(triages.length + 1);
    const changed = triages.filter((x) => x.version === 2);
    expect(changed).toHaveLength(1);
    expect(changed[0].changeReason).toMatch(/follow-up call/);
    const riskReviews = await db.riskReview.findMany({ include: { reviewedBy: true } });
    expect(riskReviews).toHaveLength(risks.length - 1);
    expect(new Set(riskReviews.map((r) => r.outcome))).toEqual(new Set(["REVIEWED", "RESOLVED"]));
    expect(riskReviews.every((r) => r.reviewedBy.roles.includes("GP") && r.reason.trim())).toBe(true);
    const open = [
      ...(
        await loadOpenRisks(
          db,
          risks.map((x) => x.patientId),
        )
      ).values(),
    ].flat();
    expect(open).toHaveLength(1);
    const bookedToday = await db.appointment.count({ where: { patientId: open[0].patientId, clinicDay: { date: today } } });
    expect(bookedToday).toBe(0);
    expect(triages.some((x) => x.recommendations.length > 1)).toBe(true);
    // Reviews are booked on clinic days after today.
    const reviews = triages.filter((x) => x.outcome === "REVIEW_LATER");
    expect(reviews.every((x) => x.reviewAppointmentId && days.find((d) => d.id === x.reviewClinicDayId)!.date > today)).toBe(true);
    // Referrals at every stage.
    const statuses = triages.flatMap((x) => (x.referral ? [x.referral.status] : []));
    expect(new Set(statuses)).toEqual(new Set(["REFERRED", "ACCEPTED", "ENTERED_TREATMENT", "FINISHED_TREATMENT", "DECLINED", "DID_NOT_ENGAGE"]));
    // Courses of treatment with measures, counted as the newsletter counts them: recovered, improved but not
    // recovered, one not at caseness (in no recovery rate), and referrals still in treatment.
    const finishedIds = triages.flatMap((x) => (x.referral?.status === "FINISHED_TREATMENT" ? [x.referral.id] : []));
    expect(finishedIds).toHaveLength(3);
    const outcome = await db.$transaction((tx) => referralOutcomes(tx, pcnId, { from: "2000-01-01", to: londonToday() }));
    const finished = outcome.filter((o) => finishedIds.includes(o.referralId));
    expect(finished.map((o) => [o.finishedTreatment, o.atCaseness, o.recovered, o.reliablyImproved])).toEqual(
      expect.arrayContaining([
        [true, true, true, true],
        [true, true, false, true],
        [true, false, null, false],
      ]),
    );
    expect(outcome.some((o) => o.status === "ENTERED_TREATMENT" && o.firstPhq9 !== null)).toBe(true);
    const named = await db.practice.findMany({ where: { pcnId }, select: { talkingTherapiesPractitioner: { select: { name: true } } } });
    expect(named.every((p) => p.talkingTherapiesPractitioner !== null)).toBe(true);
    expect(statuses.filter((x) => x === "DECLINED")).toHaveLength(1);
    expect(statuses.filter((x) => x === "DID_NOT_ENGAGE")).toHaveLength(1);
    const prepared = upcoming.filter((a) => a.preparation).length;
    expect(prepared).toBeGreaterThan(upcoming.length / 3);
    expect(prepared).toBeLessThan(upcoming.length);
    expect(await db.auditEvent.count({ where: { action: "appointment.book", patient: { practice: { pcnId } } } })).toBe(85);

    // Care plans for past GP appointments, finalised by a GP, naming the demo health buddies as key workers.
    const plans = await db.carePlan.findMany({ include: { keyWorker: true, reviewClinicDay: true, followUpContacts: true } });
    const finals = plans.filter((p) => p.status === "FINAL");
    expect(finals.length).toBeGreaterThan(10);
    expect(plans.every((p) => p.status !== "DRAFT")).toBe(true);
    expect(plans.some((p) => p.status === "SUPERSEDED" && p.version === 1)).toBe(true);
    expect(new Set(finals.map((p) => p.keyWorker?.email))).toEqual(new Set(["buddy@example.nhs.uk", "buddy2@example.nhs.uk"]));
    const booked = finals.filter((p) => p.reviewClinicDay);
    expect(booked.length).toBeGreaterThan(0);
    expect(booked.every((p) => p.reviewClinicDay!.date > today && p.reviewClinicDay!.date >= p.nextReviewDate!)).toBe(true);
    expect(finals.some((p) => !p.reviewClinicDayId)).toBe(true);
    // Key-worker contacts, some of them now overdue, on the buddies' own caseloads.
    expect(await db.followUpContact.count()).toBeGreaterThan(5);
    const staff = await db.staffUser.findMany();
    const actor = (email: string) => {
      const s = staff.find((x) => x.email === email)!;
      return { id: s.id, name: s.name, email: s.email, roles: s.roles, pcnId: s.pcnId };
    };
    const caseloads = [
      ...(await getCaseload({ db, actor: actor("buddy@example.nhs.uk") })),
      ...(await getCaseload({ db, actor: actor("buddy2@example.nhs.uk") })),
    ];
    expect(caseloads).toHaveLength(finals.length);
    expect(caseloads.some((e) => e.followUp.overdue)).toBe(true);
    expect(caseloads.some((e) => e.followUp.state === "due" && !e.followUp.overdue)).toBe(true);
    // Reception sees the booked reviews on the future clinic day they were booked into.
    const reviewDay = booked[0].reviewClinicDayId!;
    const due = await listReviewsDue({ db, actor: actor("reception@example.nhs.uk") }, { clinicDayId: reviewDay });
    expect(due.filter((r) => r.source === "booked").length).toBe(booked.filter((p) => p.reviewClinicDayId === reviewDay).length);

    // The second PCN is small and wholly its own: practices, site, staff, patients, today's clinic day.
    const other = await db.pcn.findFirstOrThrow({ where: { name: SECOND_PCN.name }, include: { practices: true, sites: true, staff: true } });
    expect(other.practices).toHaveLength(3);
    expect(other.sites).toHaveLength(1);
    expect(other.staff.map((s) => s.email)).toContain("lead@other-pcn.example.nhs.uk");
    expect(other.staff.every((s) => s.email.endsWith("@other-pcn.example.nhs.uk"))).toBe(true);
    expect(await db.patient.count({ where: { practice: { pcnId: other.id } } })).toBe(SECOND_PCN.patients);
    const otherDays = await db.clinicDay.findMany({
      where: { clinic: { pcnId: other.id } },
      include: { appointments: { include: { patient: { include: { practice: true } } } } },
    });
    expect(otherDays.map((d) => d.date)).toEqual([today]);
    expect(otherDays[0].appointments).toHaveLength(SECOND_PCN.bookedToday);
    expect(otherDays[0].appointments.every((a) => a.patient.practice.pcnId === other.id)).toBe(true);

    // Running it again adds nothing.
    expect(await seedDemoData(db)).toBe(false);
  });
});
