import { assertPermission } from "@/lib/auth/permissions";
import { cancelAppointmentSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { freeAfternoonOfMorning } from "@/lib/services/routing/internal/free-afternoon";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { cancelReminders } from "@/lib/services/reminders/internal/reminder-outbox";

/**
 * Cancels a booked morning appointment, freeing its slot (activeSlotId back to
 * NULL) for someone else, and with it any afternoon appointments of that day,
 * which go to the day's waitlisted patients.
 */
export async function cancelAppointment(ctx: ServiceContext, input: unknown): Promise<{ id: string; afternoonFreed: number }> {
  assertPermission(ctx.actor, "appointment:book");
  const { appointmentId, reason } = parseInput(cancelAppointmentSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    await changeStatusIf(
      tx,
      appointment,
      ["BOOKED"],
      { status: "CANCELLED", activeSlotId: null, activeMorningDayId: null, cancelledAt: new Date(), cancelReason: reason },
      `${appointment.patientName}'s appointment is not booked any more (it may have been checked in or cancelled already). Refresh the page.`,
    );
    await cancelReminders(tx, appointment.id, "Appointment cancelled");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.cancel",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { reason, clinicDayId: appointment.clinicDayId, date: appointment.date, time: appointment.time, station: appointment.station },
    });
    const { freed } = await freeAfternoonOfMorning(tx, ctx, {
      clinicDayId: appointment.clinicDayId,
      patientId: appointment.patientId,
      cancelReason: "Morning appointment cancelled",
      now: new Date(),
    });
    return { id: appointment.id, afternoonFreed: freed.length };
  });
}
