import { assertPermission } from "@/lib/auth/permissions";
import { formatLondon } from "@/lib/schedule";
import { bookAppointmentSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext, ClockOption } from "@/lib/db/context";
import { remindersFor } from "@/lib/services/reminders/internal/reminder-outbox";
import { insertBooking } from "@/lib/services/appointments/internal/insert-booking";
import { loadBookableSlot, loadPatientOfPcn, bookingConflict } from "@/lib/services/appointments/internal/bookable-slot";

/**
 * Books a patient into a morning wrap-around slot. Two receptionists booking
 * the same slot at once is settled by the database: the unique index on
 * activeSlotId lets exactly one insert through, and the other is told which
 * slots are still free. The same goes for one patient twice on one day.
 *
 * Booking is the path desks race on, so it costs two round trips to
 * PostgreSQL, not eleven: the slot (one joined query) and the patient (with
 * their reminder consent) are read together, then one statement writes the
 * appointment, its reminders and its audit event (insert-booking.ts: a single
 * statement is its own transaction, so the three are stored together or not at
 * all). Reading first changes no guarantee: the reads took no locks inside the
 * old transaction either, and the unique indexes, not the reads, decide a race.
 */
export async function bookAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; clinicDayId: string; time: string; station: string; patientName: string }> {
  assertPermission(ctx.actor, "appointment:book");
  const { slotId, patientId } = parseInput(bookAppointmentSchema, input);
  const now = clock.now ?? new Date();
  const [{ slot, day, station }, patient] = await Promise.all([
    loadBookableSlot(ctx.db, ctx.actor.pcnId, slotId, now),
    loadPatientOfPcn(ctx.db, ctx.actor.pcnId, patientId),
  ]);
  const time = formatLondon(slot.startsAt, "HH:mm");
  try {
    const id = await insertBooking(ctx.db, {
      patientId,
      clinicDayId: day.id,
      slotId,
      startsAt: slot.startsAt,
      bookedById: ctx.actor.id,
      now,
      reminders: remindersFor(slot.startsAt, now, patient),
      audit: (appointmentId) => ({
        actor: ctx.actor,
        action: "appointment.book",
        patientId,
        entityType: "Appointment",
        entityId: appointmentId,
        request: ctx.request,
        details: { clinicDayId: day.id, slotId, date: day.date.toISOString().slice(0, 10), time, station },
      }),
    });
    return { id, clinicDayId: day.id, time, station, patientName: `${patient.givenName} ${patient.familyName}` };
  } catch (error) {
    throw (await bookingConflict(ctx, error, { patientId, slotId }, { clinicDayId: day.id, startsAt: slot.startsAt })) ?? error;
  }
}
