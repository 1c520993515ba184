import { assertPermission } from "@/lib/auth/permissions";
import type { AppointmentStatus, LongTermCondition } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { scorePhq4, type Phq4Score } from "@/lib/phq4";
import { formatLondon, londonToday } from "@/lib/schedule";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { ukDate, type TriageOutcomeKind } from "@/lib/triage";
import { freeSlotCounts } from "@/lib/services/routing/internal/afternoon-capacity";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { ARRIVED_STATUSES } from "@/lib/appointments/statuses";
import { currentPhq4 } from "@/lib/phq4/current";

/** The stored triage in the form's shape: choices not made are "". */
export type SavedTriage = {
  presentingProblems: string;
  riskToSelf: boolean;
  riskToOthers: boolean;
  riskFromOthers: boolean;
  riskActionTaken: string;
  outcome: TriageOutcomeKind;
  pathway: string;
  /** The referral's long-term condition ("" when none). */
  ltcCondition: string;
  signpostKind: string;
  signpostTo: string;
  reviewClinicDayId: string;
  consentToReferral: boolean;
  recommendations: string[];
  recordedAt: Date;
  updatedAt: Date;
  recordedBy: string;
};

export type ReviewDayOption = { id: string; date: string; freeSlots: number };

export type TriageContext = {
  appointment: { id: string; status: AppointmentStatus; startsAt: Date; clinicDayId: string; date: string; clinicName: string };
  patient: {
    id: string;
    name: string;
    nhsNumber: string;
    dateOfBirth: string;
    longTermConditions: LongTermCondition[];
    preferredLanguage: string;
    interpreterNeeded: boolean;
    accessibilityNeeds: string | null;
  };
  /** The morning's PHQ-4 as it stands (the latest amendment), with its subscales. */
  phq4: (Phq4Score & { answers: [number, number, number, number]; recordedAt: Date; amended: boolean }) | null;
  /** The morning appointment, whose wrap-around checks the page shows. */
  morningAppointmentId: string | null;
  gpAt: Date | null;
  /** The triage already recorded, as the form's starting values. */
  saved: SavedTriage | null;
  referral: { id: string; status: string; pathway: string; referredAt: string } | null;
  /** The review as it stands: booked (where and when), or on the review list (and why). */
  review: { date: string; booked: boolean; text: string } | null;
  /** Later scheduled clinic days of the same clinic, with their free Talking Therapies slots. */
  reviewDays: ReviewDayOption[];
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Everything the therapist needs to triage one Talking Therapies appointment. Clinical content: audited as a view. */
export async function getTriageContext(ctx: ServiceContext, appointmentId: unknown, today: string = londonToday()): Promise<TriageContext> {
  assertPermission(ctx.actor, "triage:record");
  const id = parseInput(uuidSchema, appointmentId);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findFirst({
      where: { id, kind: "TALKING_THERAPIES", clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } },
      include: { patient: true, slot: true, clinicDay: { include: { clinic: { select: { name: true } } } } },
    });
    if (!appointment) throw new AppError("NOT_FOUND", "That appointment was not found");
    const { patient, clinicDay } = appointment;
    const date = iso(clinicDay.date);
    const morning = await tx.appointment.findFirst({
      where: { clinicDayId: clinicDay.id, patientId: patient.id, kind: "WRAP_AROUND", status: { in: [...ARRIVED_STATUSES] } },
      select: { id: true },
    });
    const assessments = morning ? await tx.phq4Assessment.findMany({ where: { appointmentId: morning.id }, orderBy: { recordedAt: "asc" } }) : [];
    const current = currentPhq4(assessments) ?? undefined;
    const answers = current
      ? ([current.nervous, current.worrying, current.littleInterest, current.feelingDown] as [number, number, number, number])
      : null;
    const gp = await tx.appointment.findFirst({
      where: { clinicDayId: clinicDay.id, patientId: patient.id, kind: "GP", activeSlotId: { not: null } },
      include: { slot: { select: { startsAt: true } } },
    });
    const triage = await tx.triageOutcome.findUnique({
      where: { appointmentId: id },
      include: { referral: true, recordedBy: { select: { name: true } }, reviewClinicDay: { select: { date: true } } },
    });
    const reviewAppointment = triage?.reviewAppointmentId
      ? await tx.appointment.findUnique({
          where: { id: triage.reviewAppointmentId },
          select: { status: true, clinicDay: { select: { date: true } }, slot: { select: { startsAt: true } } },
        })
      : null;
    const reviewEntry =
      triage && !reviewAppointment
        ? await tx.waitlistEntry.findFirst({ where: { triageOutcomeId: triage.id, openClinicId: { not: null } }, select: { reason: true } })
        : null;
    const after = date > today ? date : today;
    const days = await tx.clinicDay.findMany({
      where: { clinicId: clinicDay.clinicId, status: "SCHEDULED", date: { gt: new Date(`${after}T00:00:00Z`) } },
      orderBy: { date: "asc" },
      take: 12,
      select: { id: true, date: true },
    });
    const free = await freeSlotCounts(
      tx,
      days.map((d) => d.id),
      "TALKING_THERAPIES",
    );
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "triage.view",
      patientId: patient.id,
      entityType: "Appointment",
      entityId: id,
      request: ctx.request,
    });
    return {
      appointment: {
        id,
        status: appointment.status,
        startsAt: appointment.slot.startsAt,
        clinicDayId: clinicDay.id,
        date,
        clinicName: clinicDay.clinic.name,
      },
      patient: {
        id: patient.id,
        name: `${patient.givenName} ${patient.familyName}`,
        nhsNumber: patient.nhsNumber,
        dateOfBirth: iso(patient.dateOfBirth),
        longTermConditions: patient.longTermConditions,
        preferredLanguage: patient.preferredLanguage,
        interpreterNeeded: patient.interpreterNeeded,
        accessibilityNeeds: patient.accessibilityNeeds,
      },
      phq4: current && answers ? { ...scorePhq4(answers), answers, recordedAt: current.recordedAt, amended: assessments.length > 1 } : null,
      morningAppointmentId: morning?.id ?? null,
      gpAt: gp?.slot.startsAt ?? null,
      saved: triage
        ? {
            presentingProblems: triage.presentingProblems,
            riskToSelf: triage.riskToSelf,
            riskToOthers: triage.riskToOthers,
            riskFromOthers: triage.riskFromOthers,
            riskActionTaken: triage.riskActionTaken ?? "",
            outcome: triage.outcome,
            pathway: triage.pathway ?? "",
            ltcCondition: triage.referral?.ltcCondition ?? "",
            signpostKind: triage.signpostKind ?? "",
            signpostTo: triage.signpostTo ?? "",
            reviewClinicDayId: triage.reviewClinicDayId ?? "",
            consentToReferral: triage.consentToReferral,
            recommendations: triage.recommendations,
            recordedAt: triage.recordedAt,
            updatedAt: triage.updatedAt,
            recordedBy: triage.recordedBy.name,
          }
        : null,
      referral: triage?.referral?.pathway
        ? { id: triage.referral.id, status: triage.referral.status, pathway: triage.referral.pathway, referredAt: iso(triage.referral.referredAt) }
        : null,
      review: triage?.reviewClinicDay
        ? {
            date: iso(triage.reviewClinicDay.date),
            booked: reviewAppointment !== null,
            text: reviewAppointment
              ? `${reviewAppointment.status === "BOOKED" ? "booked" : "seen"} on ${ukDate(iso(reviewAppointment.clinicDay.date))} at ${formatLondon(reviewAppointment.slot.startsAt, "HH:mm")}`
              : reviewEntry
                ? `on the review list (${reviewEntry.reason})`
                : "not booked",
          }
        : null,
      reviewDays: days.map((d) => ({ id: d.id, date: iso(d.date), freeSlots: free.get(d.id) ?? 0 })),
    };
  });
}
