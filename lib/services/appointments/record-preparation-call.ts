import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { preparationCallSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";

/** Records (or corrects) the preparation call before a morning appointment: who rang, when, and what was covered. */
export async function recordPreparationCall(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  assertPermission(ctx.actor, "preparation:record");
  const { appointmentId, ...checklist } = parseInput(preparationCallSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    if (appointment.status === "CANCELLED" || appointment.status === "ENTERED_IN_ERROR") {
      throw new AppError("CONFLICT", `${appointment.patientName}'s appointment was cancelled, so there is no call to record.`);
    }
    // A call recorded by staff replaces one the patient made online (a check constraint: one or the other).
    const data = { ...checklist, doneById: ctx.actor.id, doneViaLinkId: null, doneAt: now };
    const call = await tx.preparationCall.upsert({
      where: { appointmentId },
      create: { appointmentId, ...data },
      update: data,
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "preparation.record",
      patientId: appointment.patientId,
      entityType: "PreparationCall",
      entityId: call.id,
      request: ctx.request,
      details: { appointmentId, ...checklist, notes: checklist.notes ? "(notes recorded)" : null },
    });
    return { id: call.id };
  });
}
