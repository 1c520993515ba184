import { addDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { listReferrals } from "@/lib/services/referrals/list-referrals";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { updateReferralStatus } from "@/lib/services/referrals/update-referral-status";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let therapist: ServiceContext;
let seq = 0;
const today = londonToday();
const daysAgo = (n: number) =>
  addDays(new Date(`${today}T12:00:00Z`), -n)
    .toISOString()
    .slice(0, 10);
/** The clinic day of the referrals: three weeks ago. */
const referredOn = daysAgo(21);

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  therapist = { db: t.db, actor: org.staff.therapist };
});

let clinicDayId: string | null = null;
let slotIndex = 0;

/** A referral made at a Talking Therapies appointment three weeks ago. */
async function referral(pathway = "STEP_2") {
  if (!clinicDayId) {
    const lead = { db: t.db, actor: org.staff.lead };
    const clinic = await createClinic(lead, { name: "Referral clinic", siteId: org.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
    clinicDayId = (await createClinicDays(lead, { templateId: template.id, firstDate: referredOn, weeks: 1 })).ids[0];
  }
  const slots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "TALKING_THERAPIES" } }, orderBy: { startsAt: "asc" } });
  const slot = slots[slotIndex++];
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
  const appointment = await t.db.appointment.create({
    data: {
      patientId: patient.id,
      clinicDayId,
      slotId: slot.id,
      activeSlotId: slot.id,
      kind: "TALKING_THERAPIES",
      origin: "ROUTING",
      status: "FULFILLED",
      startedAt: slot.startsAt,
      endedAt: slot.endsAt,
    },
  });
  const result = await recordTriage(therapist, {
    appointmentId: appointment.id,
    presentingProblems: "Anxiety about breathlessness",
    outcome: "REFER",
    pathway,
    ltcCondition: pathway === "LONG_TERM_CONDITIONS" ? "COPD" : undefined,
    consentToReferral: true,
  });
  return { id: result.referralId!, patientId: patient.id };
}

describe("referral status", () => {
  it("moves forward with dates: accepted, entered treatment, closed after treatment, and no further", async () => {
    const r = await referral();
    const early = await expectAppError(updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: daysAgo(22) }), "VALIDATION");
    expect(early.fieldErrors?.date).toMatch(/cannot be before .*previous step/);
    const future = await expectAppError(updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: daysAgo(-1) }), "VALIDATION");
    expect(future.fieldErrors?.date).toBe("The date cannot be in the future");
    const skip = await expectAppError(
      updateReferralStatus(therapist, { referralId: r.id, status: "ENTERED_TREATMENT", date: daysAgo(10) }),
      "VALIDATION",
    );
    expect(skip.fieldErrors?.status).toMatch(/cannot be marked entered treatment/);

    await updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: daysAgo(14) });
    const before = await expectAppError(
      updateReferralStatus(therapist, { referralId: r.id, status: "ENTERED_TREATMENT", date: daysAgo(15) }),
      "VALIDATION",
    );
    expect(before.fieldErrors?.date).toMatch(/previous step/);
    await updateReferralStatus(therapist, { referralId: r.id, status: "ENTERED_TREATMENT", date: daysAgo(7) });
    const stored = await t.db.referral.findUniqueOrThrow({ where: { id: r.id } });
    expect(stored.status).toBe("ENTERED_TREATMENT");
    expect([stored.referredAt, stored.acceptedAt, stored.enteredTreatmentAt].map((d) => d!.toISOString().slice(0, 10))).toEqual([
      referredOn,
      daysAgo(14),
      daysAgo(7),
    ]);
    const back = await expectAppError(updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: today }), "VALIDATION");
    expect(back.fieldErrors?.status).toBe("A referral that is entered treatment cannot be marked accepted");
    const noReason = await expectAppError(
      updateReferralStatus(therapist, { referralId: r.id, status: "FINISHED_TREATMENT", date: today }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors?.reason).toBe("Give the reason the referral is closed");
    await updateReferralStatus(therapist, { referralId: r.id, status: "FINISHED_TREATMENT", date: today, reason: "Completed a course of treatment" });
    const closed = await t.db.referral.findUniqueOrThrow({ where: { id: r.id } });
    expect([closed.status, closed.closedAt?.toISOString().slice(0, 10), closed.closedReason]).toEqual([
      "FINISHED_TREATMENT",
      today,
      "Completed a course of treatment",
    ]);
    const after = await expectAppError(
      updateReferralStatus(therapist, { referralId: r.id, status: "DECLINED", date: today, reason: "x" }),
      "VALIDATION",
    );
    expect(after.message).toBe("This referral is already closed after treatment: it cannot change again");
    const audits = await t.db.auditEvent.findMany({ where: { entityId: r.id, action: "referral.status" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.details)).toEqual([
      { from: "REFERRED", to: "ACCEPTED", date: daysAgo(14) },
      { from: "ACCEPTED", to: "ENTERED_TREATMENT", date: daysAgo(7) },
      { from: "ENTERED_TREATMENT", to: "FINISHED_TREATMENT", date: today },
    ]);
  });

  it("closes as declined or did not engage, only with a reason", async () => {
    const declined = await referral();
    const noReason = await expectAppError(
      updateReferralStatus(therapist, { referralId: declined.id, status: "DECLINED", date: today }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors?.reason).toBe("Give the reason the referral is closed");
    await updateReferralStatus(therapist, {
      referralId: declined.id,
      status: "DECLINED",
      date: today,
      reason: "Prefers to wait until after surgery",
    });
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: declined.id } })).toMatchObject({
      status: "DECLINED",
      closedReason: "Prefers to wait until after surgery",
      updatedById: org.staff.therapist.id,
    });

    const dne = await referral("LONG_TERM_CONDITIONS");
    await updateReferralStatus(therapist, { referralId: dne.id, status: "ACCEPTED", date: daysAgo(20) });
    await updateReferralStatus(therapist, {
      referralId: dne.id,
      status: "DID_NOT_ENGAGE",
      date: daysAgo(2),
      reason: "Three appointments offered, none attended",
    });
    expect(await t.db.referral.findUniqueOrThrow({ where: { id: dne.id } })).toMatchObject({ status: "DID_NOT_ENGAGE" });
  });

  it("the database keeps dates consistent with the status", async () => {
    const r = await referral();
    await expect(t.db.$executeRaw`UPDATE "Referral" SET status = 'ACCEPTED' WHERE id = ${r.id}::uuid`).rejects.toThrow(
      /Referral_dates_follow_status/,
    );
    await expect(
      t.db.$executeRaw`UPDATE "Referral" SET status = 'ACCEPTED', "acceptedAt" = "referredAt" - 1 WHERE id = ${r.id}::uuid`,
    ).rejects.toThrow(/Referral_dates_follow_status/);
  });

  it("lists the PCN's referrals by status, audits the views, and refuses reception and other PCNs", async () => {
    const all = await listReferrals(therapist);
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all[0]).toMatchObject({ referredAt: referredOn, referredBy: "Maria Costa" });
    const open = await listReferrals(therapist, { status: "OPEN" });
    expect(open.every((r) => r.status === "REFERRED" || r.status === "ACCEPTED")).toBe(true);
    const declined = await listReferrals(therapist, { status: "DECLINED" });
    expect(declined.map((r) => r.closedReason)).toEqual(["Prefers to wait until after surgery"]);
    expect(
      await t.db.auditEvent.count({ where: { action: "referral.list", actorId: org.staff.therapist.id, patientId: declined[0].patientId } }),
    ).toBeGreaterThanOrEqual(2);

    await expectAppError(listReferrals({ db: t.db, actor: org.staff.reception }), "FORBIDDEN");
    await expectAppError(
      updateReferralStatus({ db: t.db, actor: org.staff.reception }, { referralId: open[0].id, status: "ACCEPTED", date: today }),
      "FORBIDDEN",
    );
    const other = await createOrganisation(t.db, { suffix: "ot", name: "Elsewhere PCN" });
    const theirs = { db: t.db, actor: other.staff.therapist };
    expect(await listReferrals(theirs)).toEqual([]);
    await expectAppError(updateReferralStatus(theirs, { referralId: open[0].id, status: "ACCEPTED", date: today }), "NOT_FOUND");
  });

  it("two people moving one referral at once move it once", async () => {
    const r = await referral();
    const results = await Promise.allSettled([
      updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: today }),
      updateReferralStatus({ db: t.db, actor: org.staff.therapist }, { referralId: r.id, status: "ACCEPTED", date: daysAgo(1) }),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.auditEvent.count({ where: { entityId: r.id, action: "referral.status" } })).toBe(1);
  });
});
