import { assertPermission } from "@/lib/auth/permissions";
import { undoArrivalSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { undoReviewOnArrival } from "@/lib/services/care-plans/internal/review-on-arrival";
import type { ServiceContext } from "@/lib/db/context";
import { changeStatusIf, loadMorningAppointment } from "@/lib/services/appointments/internal/load-appointment";
import { auditBase } from "@/lib/services/appointments/internal/arrival";

/** Puts an arrival or a did-not-attend back to booked, for a mistake; the reason stays in the audit trail. */
export async function undoArrival(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId, reason } = parseInput(undoArrivalSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    await changeStatusIf(
      tx,
      appointment,
      ["ARRIVED", "NOSHOW"],
      { status: "BOOKED", checkedInAt: null, noShowAt: null, selfCheckedIn: false },
      `There is no arrival or did-not-attend to undo for ${appointment.patientName}. Refresh the page.`,
    );
    await recordAudit(tx, {
      ...auditBase(ctx, appointment, "appointment.undo-arrival"),
      details: {
        reason,
        undone: appointment.status,
        checkedInAt: appointment.checkedInAt?.toISOString() ?? null,
        noShowAt: appointment.noShowAt?.toISOString() ?? null,
      },
    });
    if (appointment.status === "ARRIVED")
      await undoReviewOnArrival(tx, ctx, { patientId: appointment.patientId, checkedInAt: appointment.checkedInAt, appointmentId: appointment.id });
    return { id: appointment.id };
  });
}
