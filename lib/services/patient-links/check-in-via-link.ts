import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { selfCheckInProblem } from "@/lib/patient-links";
import { markReviewOnArrival } from "@/lib/services/care-plans/internal/review-on-arrival";
import { requireCurrentAppointment } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit, PATIENT_LINK_ACTOR } from "@/lib/services/patient-links/internal/link-audit";

/**
 * The patient checks themselves in on the day through their link, inside the self check-in window: the same
 * change as the desk's check-in (BOOKED → ARRIVED, once, conditional on the status), marked selfCheckedIn so the
 * flow board says "Arrived (self check-in)"; reception undoes it as any arrival. The link's purpose is then done,
 * so it is used up. A patient already routed today (checked in, then undone) is sent to the desk, which puts
 * their afternoon back as it needs.
 */
export async function checkInViaLink(ctx: PatientLinkContext, clock: ClockOption = {}): Promise<{ id: string }> {
  const now = clock.now ?? new Date();
  const { link } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
    if (appointment.date !== londonToday(now)) throw new AppError("VALIDATION", "You can check in online on the day of your appointment.");
    const problem = selfCheckInProblem(appointment.slot.startsAt, now);
    if (problem) throw new AppError("VALIDATION", problem);
    if (await tx.routingDecision.count({ where: { clinicDayId: appointment.clinicDayId, patientId: link.patientId } })) {
      throw new AppError("CONFLICT", "Please check in at the desk.");
    }
    const { count } = await tx.appointment.updateMany({
      where: { id: appointment.id, status: "BOOKED" },
      data: { status: "ARRIVED", checkedInAt: now, selfCheckedIn: true },
    });
    if (count !== 1) throw new AppError("CONFLICT", "You are already checked in.");
    await tx.patientLink.update({ where: { id: link.id }, data: { usedAt: now, sessionHash: null, sessionExpiresAt: null } });
    await recordAudit(tx, linkCtxAudit(ctx, "patient.link.check-in", { appointmentId: appointment.id, clinicDayId: appointment.clinicDayId }));
    await markReviewOnArrival(
      tx,
      { actor: null, actorEmail: PATIENT_LINK_ACTOR, request: ctx.request },
      { patientId: link.patientId, date: appointment.date, at: now, appointmentId: appointment.id },
    );
    return { id: appointment.id };
  });
}
