import { assertPermission } from "@/lib/auth/permissions";
import { needsTalkingTherapies, routingReason } from "@/lib/routing/allocate";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { routePatientAfternoon } from "@/lib/services/routing/internal/route-afternoon";
import { ALREADY_UPDATED } from "@/lib/services/afternoons/internal/afternoon-appointment";

/**
 * The health buddy has finished the wrap-around checks: ARRIVED → FULFILLED
 * with endedAt. Someone leaving the morning without a PHQ-4 is routed to a GP,
 * but not someone whose answers from home screen positive: those are gone
 * through with the patient (confirmed, or asked again) first, so a positive
 * screen from home is never dropped without a word.
 */
export async function finishMorningAppointment(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; endedAt: Date }> {
  assertPermission(ctx.actor, "assessment:record");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
      await refuseUnconfirmedPositiveFromHome(tx, appointment.id, appointment.clinicDay.clinicId);
      await changeStatusIf(tx, appointment, ["ARRIVED"], { status: "FULFILLED", endedAt: now }, ALREADY_UPDATED);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.wrap-around-done",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { clinicDayId: appointment.clinicDayId, time: appointment.time },
      });
      // Everyone who attended sees a GP: a morning finished without a PHQ-4 (declined, not asked) is routed to a GP now.
      const routed = await tx.routingDecision.count({ where: { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId } });
      if (routed === 0) {
        await routePatientAfternoon(tx, ctx, {
          clinicDayId: appointment.clinicDayId,
          patientId: appointment.patientId,
          event: { type: "screen", talkingTherapies: false, reason: routingReason(null, 0), override: false },
          now,
        });
      }
      return { id: appointment.id, endedAt: now };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

async function refuseUnconfirmedPositiveFromHome(tx: DbTx, appointmentId: string, clinicId: string): Promise<void> {
  if ((await tx.phq4Assessment.count({ where: { appointmentId } })) > 0) return;
  const home = await tx.homePhq4Response.findFirst({ where: { appointmentId }, orderBy: { answeredAt: "desc" }, select: { total: true } });
  if (!home) return;
  const { phq4Threshold } = await tx.clinic.findUniqueOrThrow({ where: { id: clinicId }, select: { phq4Threshold: true } });
  if (needsTalkingTherapies(home.total, phq4Threshold)) {
    throw new AppError(
      "CONFLICT",
      `The patient answered the PHQ-4 at home with a total of ${home.total}: go through it with them (confirm it or ask again) before finishing the morning`,
    );
  }
}
