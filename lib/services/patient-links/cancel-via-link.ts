import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { mayChange } from "@/lib/patient-links";
import { cancelReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { requireCurrentAppointment } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

/**
 * The patient cancels their own morning appointment, until the day before it (so no afternoon of that day has been
 * routed yet: routing runs on the day, from the PHQ-4). The slot is freed for someone else, its reminders cancelled,
 * and the link stays open so they can choose another time.
 */
export async function cancelViaLink(ctx: PatientLinkContext, clock: ClockOption = {}): Promise<{ id: string }> {
  const now = clock.now ?? new Date();
  const { link } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
    if (appointment.status !== "BOOKED" || !mayChange(appointment.date, londonToday(now))) {
      throw new AppError("CONFLICT", "Your appointment can no longer be cancelled online. Please contact your GP practice.");
    }
    const { count } = await tx.appointment.updateMany({
      where: { id: appointment.id, status: "BOOKED" },
      data: { status: "CANCELLED", activeSlotId: null, activeMorningDayId: null, cancelledAt: now, cancelReason: "Cancelled by the patient online" },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Your appointment changed meanwhile. Reload the page.");
    await cancelReminders(tx, appointment.id, "Appointment cancelled by the patient");
    await recordAudit(tx, linkCtxAudit(ctx, "patient.link.cancel-appointment", { appointmentId: appointment.id, date: appointment.date }));
    return { id: appointment.id };
  });
}
