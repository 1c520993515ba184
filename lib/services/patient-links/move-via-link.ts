import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";
import { mayChange } from "@/lib/patient-links";
import { patientSlotChoiceSchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";
import { CONTENDED_TRANSACTION, loadBookableSlot } from "@/lib/services/appointments/internal/bookable-slot";
import { moveReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { requireCurrentAppointment, takenTime } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

/**
 * The patient moves their own booked morning appointment to another free time, until the day before it. The row
 * moves as reception's rescheduling moves it (docs/decisions/0005), so the old time is held until the new one is
 * won: if the new slot was taken the unique index refuses the update and the old booking stands.
 */
export async function moveViaLink(ctx: PatientLinkContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  const { slotId } = parseInput(patientSlotChoiceSchema, input);
  const now = clock.now ?? new Date();
  const { link } = ctx;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
      if (appointment.status !== "BOOKED" || !mayChange(appointment.date, londonToday(now))) {
        throw new AppError("CONFLICT", "Your appointment can no longer be changed online. Please contact your GP practice.");
      }
      if (appointment.slotId === slotId) throw new AppError("VALIDATION", "Choose a different time from your current one.");
      const { slot, day } = await loadBookableSlot(tx, link.pcnId, slotId, now);
      if (dateOnly(day.date) <= londonToday(now)) throw new AppError("VALIDATION", "Choose a time from tomorrow onwards.");
      const { count } = await tx.appointment.updateMany({
        where: { id: appointment.id, status: "BOOKED" },
        data: { slotId, activeSlotId: slotId, clinicDayId: day.id, activeMorningDayId: day.id, bookedViaLinkId: link.id },
      });
      if (count !== 1) throw new AppError("CONFLICT", "Your appointment changed meanwhile. Reload the page.");
      await moveReminders(tx, appointment.id, slot.startsAt, now);
      await recordAudit(tx, {
        ...linkCtxAudit(ctx, "patient.link.move", {
          appointmentId: appointment.id,
          from: { clinicDayId: appointment.clinicDayId, slotId: appointment.slotId, date: appointment.date },
          to: { clinicDayId: day.id, slotId, date: dateOnly(day.date), time: formatLondon(slot.startsAt, "HH:mm") },
        }),
      });
      return { id: appointment.id };
    }, CONTENDED_TRANSACTION);
  } catch (error) {
    throw (await takenTime(ctx, error, now)) ?? error;
  }
}
