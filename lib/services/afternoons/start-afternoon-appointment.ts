import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf } from "@/lib/services/appointments/internal/load-appointment";
import { assertAfternoonClinician, loadAfternoonAppointment, ALREADY_UPDATED } from "@/lib/services/afternoons/internal/afternoon-appointment";

/** The clinician calls the patient in: BOOKED → ARRIVED with startedAt. */
export async function startAfternoonAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; startedAt: Date }> {
  assertAfternoonClinician(ctx);
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
    if (appointment.clinicDay.date.toISOString().slice(0, 10) > londonToday(now)) {
      throw new AppError("VALIDATION", `${appointment.patientName}'s clinic day has not come yet, so they cannot be called in.`);
    }
    await changeStatusIf(tx, appointment, ["BOOKED"], { status: "ARRIVED", startedAt: now }, ALREADY_UPDATED);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.start",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { kind: appointment.kind, clinicDayId: appointment.clinicDayId },
    });
    return { id: appointment.id, startedAt: now };
  });
}
