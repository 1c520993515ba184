import { assertPermission } from "@/lib/auth/permissions";
import { formatLondon } from "@/lib/schedule";
import { bookAppointmentSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext, ClockOption } from "@/lib/db/context";
import { queueReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { loadBookableSlot, loadPatientOfPcn, CONTENDED_TRANSACTION, bookingConflict } from "@/lib/services/appointments/internal/bookable-slot";

/**
 * Books a patient into a morning wrap-around slot. Two receptionists booking
 * the same slot at once is settled by the database: the unique index on
 * activeSlotId lets exactly one insert through, and the other is told which
 * slots are still free. The same goes for one patient twice on one day.
 *
 * Booking is the path desks race on, so it costs three reads-and-writes, not
 * eleven: the slot (one joined query) and the patient (with their reminder
 * consent) are read together before the transaction, which then only writes
 * the appointment, its reminders and its audit event. Reading first changes no
 * guarantee: the reads took no locks inside the transaction either, and the
 * unique indexes, not the reads, decide a race.
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
    return await ctx.db.$transaction(async (tx) => {
      const appointment = await tx.appointment.create({
        data: {
          patientId,
          clinicDayId: day.id,
          slotId,
          kind: "WRAP_AROUND",
          status: "BOOKED",
          activeSlotId: slotId,
          activeMorningDayId: day.id,
          bookedById: ctx.actor.id,
          bookedAt: now,
        },
        select: { id: true },
      });
      await queueReminders(tx, { id: appointment.id, patientId, startsAt: slot.startsAt }, now, patient);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.book",
        patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { clinicDayId: day.id, slotId, date: day.date.toISOString().slice(0, 10), time, station },
      });
      return { id: appointment.id, clinicDayId: day.id, time, station, patientName: `${patient.givenName} ${patient.familyName}` };
    }, CONTENDED_TRANSACTION);
  } catch (error) {
    throw (await bookingConflict(ctx, error, { patientId, slotId })) ?? error;
  }
}
