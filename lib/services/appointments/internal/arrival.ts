/** What checking in, a no-show and undoing an arrival share: the audit event's base and the refusal before the day. */
import type { ServiceContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import type { MorningAppointment } from "@/lib/services/appointments/internal/load-appointment";

export function auditBase(ctx: ServiceContext, appointment: MorningAppointment, action: string) {
  return {
    actor: ctx.actor,
    action,
    patientId: appointment.patientId,
    entityType: "Appointment",
    entityId: appointment.id,
    request: ctx.request,
  };
}

export function refuseBeforeTheDay(appointment: MorningAppointment, now: Date, what: string) {
  if (appointment.date > londonToday(now)) {
    throw new AppError("VALIDATION", `${appointment.patientName}'s clinic day has not come yet, so they cannot be ${what}.`);
  }
}
