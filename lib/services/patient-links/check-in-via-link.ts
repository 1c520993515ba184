import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { selfCheckInProblem } from "@/lib/patient-links";
import { requireCurrentAppointment } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";
import { selfCheckIn } from "@/lib/services/patient-links/internal/self-check-in";

/**
 * The patient checks themselves in on the day through their link, inside the self check-in window (the same step
 * as the desk's check-in code: internal/self-check-in.ts). The link's purpose is then done, so it is used up. A
 * patient already routed today (checked in, then undone) is sent to the desk.
 */
export async function checkInViaLink(ctx: PatientLinkContext, clock: ClockOption = {}): Promise<{ id: string }> {
  const now = clock.now ?? new Date();
  const { link } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
    if (appointment.date !== londonToday(now)) throw new AppError("VALIDATION", "You can check in online on the day of your appointment.");
    const problem = selfCheckInProblem(appointment.slot.startsAt, now);
    if (problem) throw new AppError("VALIDATION", problem);
    const outcome = await selfCheckIn(
      tx,
      { id: appointment.id, clinicDayId: appointment.clinicDayId, patientId: link.patientId, date: appointment.date },
      now,
      ctx.request,
      linkCtxAudit(ctx, "patient.link.check-in", { appointmentId: appointment.id, clinicDayId: appointment.clinicDayId }),
    );
    if (outcome === "ROUTED") throw new AppError("CONFLICT", "Please check in at the desk.");
    if (outcome === "NOT_BOOKED") throw new AppError("CONFLICT", "You are already checked in.");
    await tx.patientLink.update({ where: { id: link.id }, data: { usedAt: now, sessionHash: null, sessionExpiresAt: null } });
    return { id: appointment.id };
  });
}
