import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { rescheduleAppointmentSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { bookingConflict, CONTENDED_TRANSACTION, loadBookableSlot } from "@/lib/services/appointments/internal/bookable-slot";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { moveReminders } from "@/lib/services/reminders/internal/reminder-outbox";

/**
 * Moves a booked morning appointment to another free slot (this day or another
 * upcoming one) in one statement on the same row. Moving the row rather than
 * cancelling and re-booking keeps the preparation call and the appointment's
 * audit history with the patient's attendance, and there is no moment when the
 * patient holds neither slot. If the target was taken the update fails on the
 * unique index, the transaction rolls back, and the old booking stands.
 */
export async function rescheduleAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; clinicDayId: string; time: string; station: string }> {
  assertPermission(ctx.actor, "appointment:book");
  const { appointmentId, slotId } = parseInput(rescheduleAppointmentSchema, input);
  const now = clock.now ?? new Date();
  let patientId: string | null = null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
      patientId = appointment.patientId;
      if (appointment.status !== "BOOKED") {
        throw new AppError("CONFLICT", `Only a booked appointment can be moved; ${appointment.patientName}'s is no longer booked.`);
      }
      if (appointment.slotId === slotId) throw new AppError("VALIDATION", "Choose a different slot from the current one.");
      const { slot, day, station } = await loadBookableSlot(tx, ctx.actor.pcnId, slotId, now);
      await tx.appointment.update({
        where: { id: appointment.id },
        data: { slotId, activeSlotId: slotId, clinicDayId: day.id, activeMorningDayId: day.id },
      });
      await moveReminders(tx, appointment.id, slot.startsAt, now);
      const time = formatLondon(slot.startsAt, "HH:mm");
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.reschedule",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: {
          from: {
            clinicDayId: appointment.clinicDayId,
            slotId: appointment.slotId,
            date: appointment.date,
            time: appointment.time,
            station: appointment.station,
          },
          to: { clinicDayId: day.id, slotId, date: day.date.toISOString().slice(0, 10), time, station },
        },
      });
      return { id: appointment.id, clinicDayId: day.id, time, station };
    }, CONTENDED_TRANSACTION);
  } catch (error) {
    if (patientId) {
      const conflict = await bookingConflict(ctx, error, { patientId, slotId });
      if (conflict) throw conflict;
    }
    throw error;
  }
}
