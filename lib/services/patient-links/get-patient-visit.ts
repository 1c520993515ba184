import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { formatLondon, londonToday } from "@/lib/schedule";
import { mayChange } from "@/lib/patient-links";
import { currentAppointmentOf, freeTimesOf, type FreeDay } from "@/lib/services/patient-links/internal/patient-visit";

export type { FreeDay };
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

export type PatientVisit = {
  appointment: {
    dateLabel: string;
    time: string;
    place: string;
    isToday: boolean;
    mayChange: boolean;
    arrived: boolean;
    selfCheckedIn: boolean;
    prepared: boolean;
    /** When the patient last answered the PHQ-4 at home for this appointment (a London date and time), or null. */
    phq4AnsweredAt: string | null;
  } | null;
  /** Free times to choose from: when there is no appointment, or when `moving` and it may still change. */
  days: FreeDay[];
};

/**
 * The patient's own page after their date of birth: their appointment (when, where, whether prepared or arrived)
 * and the times they may choose. Read only for the link's own patient; the view is audited.
 */
export async function getPatientVisit(ctx: PatientLinkContext, options: { moving?: boolean } = {}, clock: ClockOption = {}): Promise<PatientVisit> {
  const now = clock.now ?? new Date();
  const { link } = ctx;
  const appointment = await currentAppointmentOf(ctx.db, link.pcnId, link.patientId, now);
  const changeable = appointment ? appointment.status === "BOOKED" && mayChange(appointment.date, londonToday(now)) : false;
  const days = !appointment || (options.moving && changeable) ? await freeTimesOf(ctx.db, link.pcnId, now) : [];
  await recordAudit(ctx.db, linkCtxAudit(ctx, "patient.link.view", { appointmentId: appointment?.id ?? null, moving: Boolean(options.moving) }));
  return {
    appointment: appointment
      ? {
          dateLabel: appointment.dateLabel,
          time: appointment.time,
          place: appointment.place,
          isToday: appointment.date === londonToday(now),
          mayChange: changeable,
          arrived: appointment.status === "ARRIVED",
          selfCheckedIn: appointment.selfCheckedIn,
          prepared: appointment.preparation !== null,
          phq4AnsweredAt: appointment.homePhq4[0] ? formatLondon(appointment.homePhq4[0].answeredAt, "d MMMM 'at' h:mmaaa") : null,
        }
      : null,
    days,
  };
}
