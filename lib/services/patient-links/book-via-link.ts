import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";
import { patientSlotChoiceSchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";
import { CONSENT_FACTS, remindersFor } from "@/lib/services/reminders/internal/reminder-outbox";
import { insertBooking } from "@/lib/services/appointments/internal/insert-booking";
import { loadBookableSlot } from "@/lib/services/appointments/internal/bookable-slot";
import { currentAppointmentOf, takenTime } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

/**
 * A patient books their own morning time through their link, by the SAME statement and database rules as the
 * desk (insert-booking.ts, docs/decisions/0011-booking-in-one-statement.md): the slot must be a morning slot of a
 * scheduled day of the patient's own PCN, from tomorrow on; the unique index on the active slot lets one of two
 * racing bookings through (patient or reception), and the other is told and offered the next free times. The
 * appointment records the link it was booked through, so reception's lists show "booked by the patient".
 */
export async function bookViaLink(ctx: PatientLinkContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  const { slotId } = parseInput(patientSlotChoiceSchema, input);
  const now = clock.now ?? new Date();
  const { link } = ctx;
  const [{ slot, day }, patient, existing] = await Promise.all([
    loadBookableSlot(ctx.db, link.pcnId, slotId, now),
    ctx.db.patient.findUniqueOrThrow({ where: { id: link.patientId }, select: CONSENT_FACTS }),
    currentAppointmentOf(ctx.db, link.pcnId, link.patientId, now),
  ]);
  if (existing) throw new AppError("CONFLICT", "You already have an appointment. You can change it instead.");
  if (dateOnly(day.date) <= londonToday(now)) throw new AppError("VALIDATION", "Choose a time from tomorrow onwards.");
  try {
    const id = await insertBooking(ctx.db, {
      patientId: link.patientId,
      clinicDayId: day.id,
      slotId,
      startsAt: slot.startsAt,
      bookedById: null,
      bookedViaLinkId: link.id,
      now,
      reminders: remindersFor(slot.startsAt, now, patient),
      audit: (appointmentId) => ({
        ...linkCtxAudit(ctx, "patient.link.book", {
          appointmentId,
          clinicDayId: day.id,
          slotId,
          date: dateOnly(day.date),
          time: formatLondon(slot.startsAt, "HH:mm"),
        }),
      }),
    });
    return { id };
  } catch (error) {
    throw (await takenTime(ctx, error, now)) ?? error;
  }
}
