import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import { isoDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";

export type ReviewDue = {
  patientId: string;
  name: string;
  nhsNumber: string;
  nextReviewDate: string;
  keyWorkerName: string | null;
  /** "booked": the GP booked the review into this day; "review-list": due by this day and not booked into any. */
  source: "booked" | "review-list";
  reviewed: boolean;
  /** The patient's morning appointment on this day, if reception has booked one. */
  appointment: { time: string; status: string } | null;
};

/**
 * Who is due for a care review at a clinic day, for reception to book: plans
 * whose review the GP booked into this day, and plans on the review list (no
 * day booked, or the booked day was cancelled) due on or before it and not yet
 * reviewed. Names and dates only: no clinical content.
 */
export async function listReviewsDue(ctx: ServiceContext, input: unknown): Promise<ReviewDue[]> {
  assertPermission(ctx.actor, "review:view");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, select: { id: true, date: true } });
    if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
    const plans = await tx.carePlan.findMany({
      where: {
        status: "FINAL",
        patient: { practice: { pcnId: ctx.actor.pcnId } },
        OR: [
          { reviewClinicDayId: day.id },
          { reviewedAt: null, nextReviewDate: { lte: day.date }, OR: [{ reviewClinicDayId: null }, { reviewClinicDay: { status: "CANCELLED" } }] },
        ],
      },
      include: { patient: { select: { givenName: true, familyName: true, nhsNumber: true } }, keyWorker: { select: { name: true } } },
      orderBy: [{ nextReviewDate: "asc" }],
    });
    const appointments = await tx.appointment.findMany({
      where: { clinicDayId: day.id, kind: "WRAP_AROUND", activeMorningDayId: { not: null }, patientId: { in: plans.map((p) => p.patientId) } },
      select: { patientId: true, status: true, slot: { select: { startsAt: true } } },
    });
    const due = plans.map((p): ReviewDue => {
      const booked = appointments.find((a) => a.patientId === p.patientId);
      return {
        patientId: p.patientId,
        name: `${p.patient.givenName} ${p.patient.familyName}`,
        nhsNumber: p.patient.nhsNumber,
        nextReviewDate: isoDate(p.nextReviewDate)!,
        keyWorkerName: p.keyWorker?.name ?? null,
        source: p.reviewClinicDayId === day.id ? "booked" : "review-list",
        reviewed: Boolean(p.reviewedAt),
        appointment: booked ? { time: formatLondon(booked.slot.startsAt, "HH:mm"), status: booked.status } : null,
      };
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "reviews-due.view", entityType: "ClinicDay", entityId: day.id, request: ctx.request },
      due.map((d) => d.patientId),
    );
    return due;
  });
}
