import { assertPermission } from "@/lib/auth/permissions";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { markReviewOnArrival } from "@/lib/services/care-plans/internal/review-on-arrival";
import { reapplyLastDecision } from "@/lib/services/routing/internal/route-afternoon";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { auditBase, refuseBeforeTheDay } from "@/lib/services/appointments/internal/arrival";

/** Marks a booked patient as arrived; one routed earlier that day (a PHQ-4 or an override) has their afternoon put back as it needs. */
export async function checkIn(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
      refuseBeforeTheDay(appointment, now, "checked in");
      await changeStatusIf(
        tx,
        appointment,
        ["BOOKED"],
        { status: "ARRIVED", checkedInAt: now },
        `${appointment.patientName} is not waiting to be checked in (already arrived, did not attend, or cancelled). Refresh the page.`,
      );
      await recordAudit(tx, {
        ...auditBase(ctx, appointment, "appointment.check-in"),
        details: { clinicDayId: appointment.clinicDayId, time: appointment.time },
      });
      await markReviewOnArrival(tx, ctx, { patientId: appointment.patientId, date: appointment.date, at: now, appointmentId: appointment.id });
      // Checked in again after a did-not-attend or an arrival undone by mistake: the day's routing
      // stands (a PHQ-4 or an override recorded earlier), so the afternoon it needs is put back.
      await reapplyLastDecision(tx, ctx, { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId, now });
      return { id: appointment.id };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
