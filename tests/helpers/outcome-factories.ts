/**
 * Courses of treatment written straight to the database (plain Prisma), shared
 * by the integration tests and the demo seed: a referral into Talking Therapies,
 * its contacts, and a PHQ-9 and GAD-7 of given totals at each.
 */
import type { DbTx } from "@/lib/db/client";
import type { BuiltinCode } from "@/lib/services/outcomes/internal/instrument-versions";

export type CourseContact = {
  date: string;
  kind: "ASSESSMENT" | "TREATMENT";
  attendance?: "ATTENDED" | "DID_NOT_ATTEND" | "CANCELLED";
  phq9: number | null;
  gad7: number | null;
};

/**
 * Answers (0–3 each, in item order) adding up to `total`. PHQ-9 item 9 (thoughts
 * of self-harm) stays 0 unless the total needs it, so most responses need no risk response.
 */
export function answersFor(items: number, total: number): number[] {
  const answers = Array.from({ length: items }, () => 0);
  let left = total;
  for (let i = 0; i < items && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i];
  }
  if (left > 0) throw new RangeError(`${total} cannot be made from ${items} answers of 0–3`);
  return answers;
}

/** The answers a PHQ-9 total is written with; item 9 is used only above 24. */
export function phq9Answers(total: number): number[] {
  const first8 = answersFor(8, Math.min(total, 24));
  return [...first8, total - Math.min(total, 24)];
}

export type CourseInput = {
  patientId: string;
  referralId: string;
  practitionerId: string;
  instruments: Record<BuiltinCode, string>;
  contacts: readonly CourseContact[];
};

/** Writes the contacts in the order given, each attended one with the measures given (none at a missed or cancelled one). */
export async function writeCourse(tx: DbTx, input: CourseInput): Promise<string[]> {
  const ids: string[] = [];
  for (const c of input.contacts) {
    const attendance = c.attendance ?? "ATTENDED";
    const contact = await tx.therapyContact.create({
      data: {
        referralId: input.referralId,
        date: new Date(`${c.date}T00:00:00Z`),
        kind: c.kind,
        attendance,
        practitionerId: input.practitionerId,
        recordedById: input.practitionerId,
      },
    });
    ids.push(contact.id);
    if (attendance !== "ATTENDED") continue;
    if (c.phq9 !== null) {
      const answers = phq9Answers(c.phq9);
      await tx.measureResponse.create({
        data: {
          patientId: input.patientId,
          contactId: contact.id,
          instrumentVersionId: input.instruments.PHQ9,
          answers,
          total: c.phq9,
          completedBy: "PATIENT",
          riskResponse: answers[8] > 0 ? "Asked about the thoughts; no plan or intent; safety plan reviewed" : null,
          recordedById: input.practitionerId,
        },
      });
    }
    if (c.gad7 !== null) {
      await tx.measureResponse.create({
        data: {
          patientId: input.patientId,
          contactId: contact.id,
          instrumentVersionId: input.instruments.GAD7,
          answers: answersFor(7, c.gad7),
          total: c.gad7,
          completedBy: "PATIENT",
          recordedById: input.practitionerId,
        },
      });
    }
  }
  return ids;
}

export type ReferralInput = {
  patientId: string;
  /** The member of staff following a referral made at a huddle (no triage). */
  ownerId: string;
  pathway: "STEP_2" | "STEP_3" | "LONG_TERM_CONDITIONS";
  ltcCondition?: "DIABETES" | "COPD" | "CORONARY_HEART_DISEASE" | "CHRONIC_PAIN" | "IBS" | "LONG_COVID" | null;
  referredAt: string;
  /** Accepted and entered treatment on this date (null: still referred). */
  enteredTreatmentAt: string | null;
  /** Closed after treatment on this date (null: still in treatment). */
  closedAt: string | null;
  closedReason?: string;
};

/** A referral into Talking Therapies made at a huddle, in treatment or closed after it. */
export async function createTherapyReferral(tx: DbTx, r: ReferralInput): Promise<string> {
  const day = (d: string | null) => (d === null ? null : new Date(`${d}T00:00:00Z`));
  const referral = await tx.referral.create({
    data: {
      patientId: r.patientId,
      pathway: r.pathway,
      ltcCondition: r.ltcCondition ?? null,
      status: r.closedAt ? "FINISHED_TREATMENT" : r.enteredTreatmentAt ? "ENTERED_TREATMENT" : "REFERRED",
      referredAt: day(r.referredAt)!,
      acceptedAt: day(r.enteredTreatmentAt),
      enteredTreatmentAt: day(r.enteredTreatmentAt),
      closedAt: day(r.closedAt),
      closedReason: r.closedAt ? (r.closedReason ?? "Course of treatment completed") : null,
      ownerId: r.ownerId,
      acceptBy: day(r.referredAt),
    },
  });
  return referral.id;
}
