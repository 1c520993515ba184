import { assertPermission } from "@/lib/auth/permissions";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { freeAfternoonOfMorning } from "@/lib/services/routing/internal/free-afternoon";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { auditBase, refuseBeforeTheDay } from "@/lib/services/appointments/internal/arrival";

/**
 * Marks a booked patient as did-not-attend; only once their clinic day has come.
 * The afternoon the day's routing made for them is freed for the day's
 * waitlist (a review or a booking from the waitlist stays: they may still come
 * for it); undoing the did-not-attend does not bring it back (the PHQ-4 routes again).
 */
export async function markNoShow(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; afternoonFreed: number }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    refuseBeforeTheDay(appointment, now, "marked as did not attend");
    await changeStatusIf(
      tx,
      appointment,
      ["BOOKED"],
      { status: "NOSHOW", noShowAt: now },
      `${appointment.patientName} is not booked any more (already arrived, did not attend, or cancelled). Refresh the page.`,
    );
    await recordAudit(tx, {
      ...auditBase(ctx, appointment, "appointment.did-not-attend"),
      details: { clinicDayId: appointment.clinicDayId, time: appointment.time },
    });
    const { freed } = await freeAfternoonOfMorning(tx, ctx, {
      clinicDayId: appointment.clinicDayId,
      patientId: appointment.patientId,
      cancelReason: "Did not attend the morning",
      now,
    });
    return { id: appointment.id, afternoonFreed: freed.length };
  });
}
