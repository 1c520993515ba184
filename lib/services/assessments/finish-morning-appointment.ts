import { assertPermission } from "@/lib/auth/permissions";
import { routingReason } from "@/lib/routing/allocate";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { routePatientAfternoon } from "@/lib/services/routing/internal/route-afternoon";
import { ALREADY_UPDATED } from "@/lib/services/afternoons/internal/afternoon-appointment";

/**
 * The health buddy has finished the wrap-around checks: ARRIVED → FULFILLED
 * with endedAt. Someone leaving the morning without a PHQ-4 is routed to a GP.
 */
export async function finishMorningAppointment(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; endedAt: Date }> {
  assertPermission(ctx.actor, "assessment:record");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
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
