import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { scorePhq4 } from "@/lib/phq4";
import { needsTalkingTherapies, routingReason } from "@/lib/routing/allocate";
import { recordPhq4Schema } from "@/lib/validation/phq4";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { routePatientAfternoon, type RoutingOutcome } from "@/lib/services/routing/internal/route-afternoon";
import { CURRENT_PHQ4, PHQ4_NEWEST_FIRST } from "@/lib/phq4/current";

export type RecordPhq4Result = {
  assessmentId: string;
  total: number;
  anxiety: number;
  depression: number;
  band: string;
  amended: boolean;
  routing: RoutingOutcome;
};

/**
 * Records a PHQ-4 for a checked-in morning appointment and routes the patient's
 * afternoon in the same transaction: the score and its consequences are stored
 * together or not at all. A second PHQ-4 for the same appointment is an
 * amendment: it needs a reason, keeps the previous answers, and re-routes.
 * Routing knows the time: an amendment after the afternoon has begun, or on a
 * past day, keeps the new answers and changes only what is still to come (a
 * newly positive screen whose afternoon is over goes on the waitlist).
 * Answers the patient gave at home never route: the health buddy goes through
 * them with the patient and records the confirmed answers here (confirmsHomeId).
 */
export async function recordPhq4(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<RecordPhq4Result> {
  assertPermission(ctx.actor, "assessment:record");
  const { appointmentId, answers, amendReason, confirmsHomeId } = parseInput(recordPhq4Schema, input);
  const score = scorePhq4(answers);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await tx.appointment.findUnique({
        where: { id: appointmentId },
        include: { slot: true, clinicDay: { include: { clinic: true } } },
      });
      if (!appointment || appointment.clinicDay.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That appointment was not found");
      if (appointment.kind !== "WRAP_AROUND") throw new AppError("VALIDATION", "A PHQ-4 is recorded at the morning wrap-around appointment");
      if (appointment.status !== "ARRIVED" && appointment.status !== "FULFILLED") {
        throw new AppError("VALIDATION", "Check the patient in before recording their PHQ-4");
      }
      const previous = await tx.phq4Assessment.findFirst({
        where: { appointmentId, ...CURRENT_PHQ4 },
        orderBy: PHQ4_NEWEST_FIRST,
      });
      if (previous && !amendReason) {
        throw new AppError("VALIDATION", "A PHQ-4 is already recorded for this appointment: give a reason to amend it", {
          fieldErrors: { amendReason: "Give a reason for the amendment" },
        });
      }
      // Home answers are confirmed only at the appointment they were given for, and only the latest of them.
      const home = confirmsHomeId ? await tx.homePhq4Response.findFirst({ where: { appointmentId }, orderBy: { answeredAt: "desc" } }) : null;
      if (confirmsHomeId && home?.id !== confirmsHomeId) {
        throw new AppError(
          "CONFLICT",
          "The patient's answers from home have changed since this page was opened: reload it and go through them again",
        );
      }
      const [nervous, worrying, littleInterest, feelingDown] = answers;
      const changedFromHome = home
        ? [home.nervous, home.worrying, home.littleInterest, home.feelingDown].filter((value, i) => value !== answers[i]).length
        : null;
      const assessment = await tx.phq4Assessment.create({
        data: {
          patientId: appointment.patientId,
          appointmentId,
          nervous,
          worrying,
          littleInterest,
          feelingDown,
          total: score.total,
          recordedById: ctx.actor.id,
          // Only the demo seed passes a clock, to write past clinic days as they happened.
          recordedAt: now,
          amendsId: previous?.id ?? null,
          amendReason: previous ? amendReason : null,
          confirmsHomeId: home?.id ?? null,
        },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: previous ? "phq4.amend" : "phq4.record",
        patientId: appointment.patientId,
        entityType: "Phq4Assessment",
        entityId: assessment.id,
        request: ctx.request,
        details:
          previous || home
            ? {
                ...(previous ? { amends: previous.id, reason: amendReason ?? null } : {}),
                ...(home ? { confirmsHomeAnswers: home.id, answersChangedFromHome: changedFromHome } : {}),
              }
            : undefined,
      });
      const threshold = appointment.clinicDay.clinic.phq4Threshold;
      const routing = await routePatientAfternoon(tx, ctx, {
        clinicDayId: appointment.clinicDayId,
        patientId: appointment.patientId,
        phq4AssessmentId: assessment.id,
        event: {
          type: "screen",
          talkingTherapies: needsTalkingTherapies(score.total, threshold),
          reason: routingReason(score.total, threshold),
          override: false,
        },
        now,
      });
      return { assessmentId: assessment.id, ...score, amended: Boolean(previous), routing };
    },
    // Routings of one afternoon queue on the clinic day's row lock; give them time on a busy morning.
    { maxWait: 10_000, timeout: 30_000 },
  );
}
