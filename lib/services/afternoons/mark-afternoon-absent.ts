/**
 * The afternoon clinician's "Did not attend" and "Left before being seen", and
 * their undo. What follows (back on the waitlist, or the review list) is the
 * afternoon rule's decision (lib/routing/afternoon.ts).
 */
import { AppError } from "@/lib/errors/app-error";
import { KIND_LABELS } from "@/lib/routing/afternoon";
import { londonToday } from "@/lib/schedule";
import { ukDate } from "@/lib/triage";
import { AFTERNOON_ABSENCE_LABELS, markAfternoonAbsentSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { assertAfternoonClinician, loadAfternoonAppointment } from "@/lib/services/afternoons/internal/afternoon-appointment";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf } from "@/lib/services/appointments/internal/load-appointment";
import { cancelReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { routePatientAfternoon } from "@/lib/services/routing/internal/route-afternoon";
import { dateOnly } from "@/lib/schedule/date-only";

export type AfternoonAbsenceResult = {
  id: string;
  /** Where the patient went back to: the waitlist for the kind, the review list, or nowhere new (already waiting). */
  backOn: "waitlist" | "review list" | null;
};

/** BOOKED → NOSHOW: the patient did not come, or left before being called in; only once their clinic day has come. */
export async function markAfternoonAbsent(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<AfternoonAbsenceResult> {
  assertAfternoonClinician(ctx);
  const { appointmentId, absence, note } = parseInput(markAfternoonAbsentSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
      if (appointment.clinicDay.date.toISOString().slice(0, 10) > londonToday(now)) {
        throw new AppError("VALIDATION", `${appointment.patientName}'s clinic day has not come yet, so they cannot be marked as not attending.`);
      }
      const left = absence === "LEFT_BEFORE_SEEN";
      await changeStatusIf(
        tx,
        appointment,
        ["BOOKED"],
        { status: "NOSHOW", noShowAt: now, leftBeforeSeen: left, noShowReason: note ?? null },
        `${appointment.patientName} is not waiting to be seen any more (already called in, seen, marked or cancelled). Refresh the page.`,
      );
      await cancelReminders(tx, appointment.id, AFTERNOON_ABSENCE_LABELS[absence]);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: left ? "appointment.left-before-seen" : "appointment.afternoon-did-not-attend",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { kind: appointment.kind, clinicDayId: appointment.clinicDayId, note: note ?? null },
      });
      const reason = `${AFTERNOON_ABSENCE_LABELS[absence]} (${KIND_LABELS[appointment.kind]}, ${ukDate(dateOnly(appointment.clinicDay.date))})${note ? `: ${note}` : ""}`;
      await routePatientAfternoon(tx, ctx, {
        clinicDayId: appointment.clinicDayId,
        patientId: appointment.patientId,
        event: { type: "afternoon-absent", appointmentId: appointment.id, reason },
        now,
      });
      const entry = await tx.waitlistEntry.findFirst({
        where: { causeAppointmentId: appointment.id, openClinicId: { not: null } },
        select: { triageOutcomeId: true },
      });
      return { id: appointment.id, backOn: entry ? (entry.triageOutcomeId ? "review list" : "waitlist") : null };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
