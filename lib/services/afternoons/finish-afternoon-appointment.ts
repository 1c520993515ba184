import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf } from "@/lib/services/appointments/internal/load-appointment";
import { assertAfternoonClinician, loadAfternoonAppointment, ALREADY_UPDATED } from "@/lib/services/afternoons/internal/afternoon-appointment";
import { AFTERNOON_KIND_LABELS } from "@/lib/appointments/kinds";

/** The clinician has finished with the patient: ARRIVED → FULFILLED with endedAt. */
export async function finishAfternoonAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ id: string; endedAt: Date }> {
  assertAfternoonClinician(ctx);
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
    await changeStatusIf(tx, appointment, ["ARRIVED"], { status: "FULFILLED", endedAt: now }, ALREADY_UPDATED);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.finish",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { kind: appointment.kind, clinicDayId: appointment.clinicDayId, with: AFTERNOON_KIND_LABELS[appointment.kind] },
    });
    return { id: appointment.id, endedAt: now };
  });
}
