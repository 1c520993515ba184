import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { moveAfternoonAppointmentSchema } from "@/lib/validation/routing";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { moveReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { lockClinicDay } from "@/lib/services/routing/internal/route-afternoon";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";
import { AFTERNOON_KIND_LABELS, type AfternoonKind } from "@/lib/appointments/kinds";

const TAKEN = "That slot was just taken by someone else. Choose another free slot.";

/**
 * Moves a Talking Therapies or GP appointment to another free slot of the same
 * kind and day, keeping the GP at least the handover gap after Talking
 * Therapies. Two moves into one slot are settled by the unique activeSlotId index.
 */
export async function moveAfternoonAppointment(
  ctx: ServiceContext,
  input: unknown,
  clock: { now?: Date } = {},
): Promise<{ id: string; time: string }> {
  assertPermission(ctx.actor, "routing:override");
  const { appointmentId, slotId, reason } = parseInput(moveAfternoonAppointmentSchema, input);
  const now = clock.now ?? new Date();
  try {
    return await ctx.db.$transaction(async (tx) => {
      const found = await tx.appointment.findFirst({
        where: { id: appointmentId, kind: { in: ["TALKING_THERAPIES", "GP"] }, clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } },
        select: { clinicDayId: true },
      });
      if (!found) throw new AppError("NOT_FOUND", "That afternoon appointment was not found. Refresh the page.");
      await lockClinicDay(tx, found.clinicDayId);
      const appointment = await tx.appointment.findUniqueOrThrow({
        where: { id: appointmentId },
        include: { slot: true, clinicDay: { include: { clinic: true } }, patient: { select: { givenName: true, familyName: true } } },
      });
      const kind = appointment.kind as AfternoonKind;
      const name = `${appointment.patient.givenName} ${appointment.patient.familyName}`;
      if (appointment.status !== "BOOKED") {
        throw new AppError(
          "CONFLICT",
          `${name}'s ${AFTERNOON_KIND_LABELS[kind]} appointment has started, finished or been cancelled, so it cannot be moved. Refresh the page.`,
        );
      }
      const slot = await tx.slot.findFirst({ where: { id: slotId, session: { clinicDayId: appointment.clinicDayId } }, include: { session: true } });
      if (!slot || slot.session.kind !== appointment.kind) {
        throw new AppError("VALIDATION", `Choose a free ${AFTERNOON_KIND_LABELS[kind]} slot of the same clinic day.`, {
          fieldErrors: { slotId: "Choose a free slot" },
        });
      }
      if (slot.id === appointment.slotId)
        throw new AppError("VALIDATION", `${name} is already in that slot.`, { fieldErrors: { slotId: "Choose another slot" } });
      if (await tx.appointment.count({ where: { activeSlotId: slot.id } })) throw new AppError("CONFLICT", TAKEN);
      if (slot.startsAt.getTime() < now.getTime()) {
        throw new AppError("VALIDATION", `The ${formatLondon(slot.startsAt, "HH:mm")} slot has already started: choose a slot still to come.`, {
          fieldErrors: { slotId: "Choose a slot still to come" },
        });
      }

      const gapMinutes = appointment.clinicDay.clinic.handoverGapMinutes;
      const gap = gapMinutes * 60_000;
      const other = await tx.appointment.findFirst({
        where: {
          clinicDayId: appointment.clinicDayId,
          patientId: appointment.patientId,
          kind: kind === "GP" ? "TALKING_THERAPIES" : "GP",
          status: { in: [...SEEN_OR_WAITING_STATUSES] },
        },
        include: { slot: true },
      });
      if (other && kind === "GP" && slot.startsAt.getTime() < other.slot.endsAt.getTime() + gap) {
        const earliest = formatLondon(new Date(other.slot.endsAt.getTime() + gap), "HH:mm");
        throw new AppError(
          "VALIDATION",
          `The GP appointment must start at least ${gapMinutes} minutes after ${name}'s Talking Therapies appointment ends (${formatLondon(other.slot.endsAt, "HH:mm")}): choose a slot at ${earliest} or later.`,
          { fieldErrors: { slotId: `Choose a slot at ${earliest} or later` } },
        );
      }
      if (other && kind === "TALKING_THERAPIES" && other.slot.startsAt.getTime() < slot.endsAt.getTime() + gap) {
        const latestEnd = formatLondon(new Date(other.slot.startsAt.getTime() - gap), "HH:mm");
        throw new AppError(
          "VALIDATION",
          `${name}'s GP appointment at ${formatLondon(other.slot.startsAt, "HH:mm")} must start at least ${gapMinutes} minutes after Talking Therapies ends: choose a slot ending by ${latestEnd}, or move the GP appointment first.`,
          { fieldErrors: { slotId: `Choose a slot ending by ${latestEnd}` } },
        );
      }
      // A routed appointment moved by hand is the clinician's now (an override); a review or a waitlist booking keeps its origin.
      const origin = appointment.origin === "ROUTING" ? "OVERRIDE" : appointment.origin;
      await tx.appointment.update({ where: { id: appointment.id }, data: { slotId: slot.id, activeSlotId: slot.id, origin } });
      // Reviews and waitlist bookings on later days have reminders to move; a same-day routing has none to start.
      if (await tx.reminderOutbox.count({ where: { appointmentId: appointment.id } })) await moveReminders(tx, appointment.id, slot.startsAt, now);
      const from = formatLondon(appointment.slot.startsAt, "HH:mm");
      const time = formatLondon(slot.startsAt, "HH:mm");
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.move",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { kind, from, to: time, fromSlotId: appointment.slotId, toSlotId: slot.id, reason },
      });
      return { id: appointment.id, time };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", TAKEN);
    throw error;
  }
}
