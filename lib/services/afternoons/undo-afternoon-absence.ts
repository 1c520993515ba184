import { AppError } from "@/lib/errors/app-error";
import { KIND_LABELS } from "@/lib/routing/afternoon";
import { formatLondon } from "@/lib/schedule";
import { ukDate } from "@/lib/triage";
import { undoAfternoonAbsenceSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { assertAfternoonClinician, loadAfternoonAppointment } from "@/lib/services/afternoons/internal/afternoon-appointment";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { changeStatusIf } from "@/lib/services/appointments/internal/load-appointment";
import { routeUncoveredDays } from "@/lib/services/routing/internal/route-afternoon";
import { dateOnly } from "@/lib/schedule/date-only";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";

/**
 * NOSHOW → BOOKED, for a mistake; the reason and what was undone stay in the
 * audit trail. The need the appointment meets (its day's routing need, or its
 * triage's review) is met again, so its open waitlist entries close; if the
 * patient has been booked elsewhere for it since, or the handover gap would
 * break, the undo is refused.
 */
export async function undoAfternoonAbsence(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  assertAfternoonClinician(ctx);
  const { appointmentId, reason } = parseInput(undoAfternoonAbsenceSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
      // The need this appointment met: a triage's review, or the routing need of its day (or of the day it came from the waitlist of).
      const full = await tx.appointment.findUniqueOrThrow({
        where: { id: appointment.id },
        select: { origin: true, waitlistEntry: { select: { fromClinicDayId: true, triageOutcomeId: true } }, triageReview: { select: { id: true } } },
      });
      const caused = await tx.waitlistEntry.findFirst({
        where: { causeAppointmentId: appointment.id, triageOutcomeId: { not: null } },
        select: { triageOutcomeId: true },
      });
      const triageId =
        full.origin === "TRIAGE_REVIEW" ? (full.triageReview?.id ?? full.waitlistEntry?.triageOutcomeId ?? caused?.triageOutcomeId ?? null) : null;
      const needFrom = full.waitlistEntry?.fromClinicDayId ?? appointment.clinicDayId;
      const entries = await tx.waitlistEntry.findMany({
        where: triageId
          ? { triageOutcomeId: triageId }
          : { patientId: appointment.patientId, kind: appointment.kind, triageOutcomeId: null, fromClinicDayId: needFrom },
        include: { bookedAppointment: { select: { id: true, status: true, clinicDay: { select: { date: true } } } } },
        orderBy: { createdAt: "desc" },
      });
      // Put back on the list and booked elsewhere since: restoring this one would give the patient two places.
      const booked = entries.find(
        (e) => e.bookedAppointment && e.bookedAppointment.id !== appointment.id && SEEN_OR_WAITING_STATUSES.includes(e.bookedAppointment.status),
      );
      if (booked) {
        throw new AppError(
          "CONFLICT",
          `${appointment.patientName} has already been booked from the waitlist into ${ukDate(dateOnly(booked.bookedAppointment!.clinicDay.date))}, so this cannot be undone. Cancel that booking first if it is not needed.`,
        );
      }
      // Back to booked only where it still fits the patient's other appointment that day by the handover gap.
      const slot = await tx.slot.findUniqueOrThrow({ where: { id: appointment.slotId }, select: { startsAt: true, endsAt: true } });
      const other = await tx.appointment.findFirst({
        where: {
          clinicDayId: appointment.clinicDayId,
          patientId: appointment.patientId,
          kind: appointment.kind === "GP" ? "TALKING_THERAPIES" : "GP",
          status: { in: [...SEEN_OR_WAITING_STATUSES] },
        },
        include: { slot: { select: { startsAt: true, endsAt: true } }, clinicDay: { select: { clinic: { select: { handoverGapMinutes: true } } } } },
      });
      if (other) {
        const gap = other.clinicDay.clinic.handoverGapMinutes * 60_000;
        const [therapy, gp] = appointment.kind === "TALKING_THERAPIES" ? [slot, other.slot] : [other.slot, slot];
        if (therapy.endsAt.getTime() + gap > gp.startsAt.getTime()) {
          throw new AppError(
            "CONFLICT",
            `${appointment.patientName}'s ${KIND_LABELS[other.kind as "GP" | "TALKING_THERAPIES"]} appointment at ${formatLondon(other.slot.startsAt, "HH:mm")} no longer leaves the handover gap after Talking Therapies, so this cannot be undone. Move one of the appointments first.`,
          );
        }
      }
      await changeStatusIf(
        tx,
        appointment,
        ["NOSHOW"],
        { status: "BOOKED", noShowAt: null, leftBeforeSeen: false, noShowReason: null },
        `There is no did-not-attend to undo for ${appointment.patientName}. Refresh the page.`,
      );
      // The need is met by this appointment again: its open entries close (decisions about its own day, or its own review).
      for (const entry of entries.filter((e) => e.openClinicId !== null)) {
        await tx.waitlistEntry.update({
          where: { id: entry.id },
          data: { openClinicId: null, resolvedAt: now, resolvedById: ctx.actor.id, resolution: `Did not attend undone: ${reason}` },
        });
        await recordAudit(tx, {
          actor: ctx.actor,
          action: "waitlist.close",
          patientId: appointment.patientId,
          entityType: "WaitlistEntry",
          entityId: entry.id,
          request: ctx.request,
          details: { reason: "absence undone" },
        });
      }
      // The triage points at its review again.
      if (triageId)
        await tx.triageOutcome.updateMany({ where: { id: triageId, reviewAppointmentId: null }, data: { reviewAppointmentId: appointment.id } });
      // An entry closed here may have held another day's place as well: that day gets its own.
      if (entries.some((e) => e.openClinicId !== null)) {
        await routeUncoveredDays(tx, ctx, { patientId: appointment.patientId, clinicId: appointment.clinicDay.clinicId, now });
      }
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.undo-absence",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: {
          reason,
          undone: appointment.leftBeforeSeen ? "left before being seen" : "did not attend",
          noShowAt: appointment.noShowAt?.toISOString() ?? null,
          note: appointment.noShowReason,
        },
      });
      return { id: appointment.id };
    },
    { maxWait: 10_000 },
  );
}
