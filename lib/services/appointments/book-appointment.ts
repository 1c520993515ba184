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
 */
export async function bookAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; clinicDayId: string; time: string; station: string; patientName: string }> {
  assertPermission(ctx.actor, "appointment:book");
  const { slotId, patientId } = parseInput(bookAppointmentSchema, input);
  const now = clock.now ?? new Date();
  try {
    return await ctx.db.$transaction(async (tx) => {
      const { slot, day, station } = await loadBookableSlot(tx, ctx.actor.pcnId, slotId, now);
      const patient = await loadPatientOfPcn(tx, ctx.actor.pcnId, patientId);
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
      await queueReminders(tx, { id: appointment.id, patientId, startsAt: slot.startsAt }, now);
      const time = formatLondon(slot.startsAt, "HH:mm");
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
