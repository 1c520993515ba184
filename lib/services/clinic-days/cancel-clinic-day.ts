import { assertPermission } from "@/lib/auth/permissions";
import { inTurn } from "@/lib/db/in-turn";
import { planMoves } from "@/lib/clinic-day/move-plan";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, instantToLondonTime, londonToday } from "@/lib/schedule";
import { cancelClinicDaySchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { cancelReminders, moveReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { routePatientAfternoon } from "@/lib/services/routing/internal/route-afternoon";
import { PAST_STATUSES } from "@/lib/appointments/statuses";

export type BookingOutcome = {
  appointmentId: string;
  patientId: string;
  patientName: string;
  /** When the booking was on the cancelled day. */
  was: Date;
} & ({ outcome: "cancelled"; backOn?: "waitlist" | "review list" } | { outcome: "moved"; to: Date });

export type CancelClinicDayResult = { clinicDayId: string; date: string; outcomes: BookingOutcome[] };

function longDate(iso: string): string {
  return formatLondon(new Date(`${iso}T12:00:00Z`), "EEEE d MMMM");
}

/**
 * Cancels a clinic day. Its active bookings are either all cancelled (with the
 * reason) or all moved to another scheduled day of the same clinic; if any one
 * cannot be moved, nothing changes. A cancelled triage review or booking from
 * the waitlist puts the patient back on the review list or the waitlist (the
 * afternoon rule decides, lib/routing/afternoon.ts). The roster is removed so
 * the staff are free for other sessions. Every booking is accounted for in the result.
 */
export async function cancelClinicDay(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<CancelClinicDayResult> {
  assertPermission(ctx.actor, "clinic-day:manage");
  const data = parseInput(cancelClinicDaySchema, input);
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        // Locks the day: a booking being made on it now waits (its foreign key needs
        // this row), so the bookings read below are all there are.
        await tx.$queryRaw`SELECT id FROM "ClinicDay" WHERE id = ${data.clinicDayId}::uuid FOR UPDATE`;
        const day = await tx.clinicDay.findUnique({ where: { id: data.clinicDayId }, include: { clinic: true } });
        if (!day || day.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That clinic day was not found");
        if (day.status === "CANCELLED") throw new AppError("CONFLICT", "This clinic day is already cancelled");
        const date = day.date.toISOString().slice(0, 10);
        const bookings = await tx.appointment.findMany({
          where: { clinicDayId: day.id, activeSlotId: { not: null } },
          include: { slot: true, patient: { select: { givenName: true, familyName: true } } },
          orderBy: [{ slot: { startsAt: "asc" } }, { slot: { column: "asc" } }],
        });
        const attended = bookings.filter((b) => PAST_STATUSES.includes(b.status)).length;
        if (attended > 0) {
          throw new AppError(
            "CONFLICT",
            `${attended} ${attended === 1 ? "patient has" : "patients have"} already been checked in or marked as not attending on this day, so it cannot be cancelled.`,
          );
        }
        const now = clock.now ?? new Date();
        const outcomes: BookingOutcome[] = [];
        const nameOf = (b: (typeof bookings)[number]) => `${b.patient.givenName} ${b.patient.familyName}`;
        let targetDate: string | null = null;

        if (bookings.length > 0 && data.bookings === "move") {
          const target = data.moveToClinicDayId ? await tx.clinicDay.findUnique({ where: { id: data.moveToClinicDayId } }) : null;
          if (!target || target.clinicId !== day.clinicId || target.id === day.id) {
            throw new AppError("VALIDATION", "Choose another clinic day of the same clinic", {
              fieldErrors: { moveToClinicDayId: "Choose another clinic day of the same clinic" },
            });
          }
          targetDate = target.date.toISOString().slice(0, 10);
          if (target.status !== "SCHEDULED" || targetDate < londonToday(now)) {
            throw new AppError("VALIDATION", "Move the bookings to a scheduled clinic day that is today or later", {
              fieldErrors: { moveToClinicDayId: "Choose a scheduled clinic day that is today or later" },
            });
          }
          const [freeSlots, alreadyBooked] = await inTurn(
            tx.slot.findMany({
              where: { session: { clinicDayId: target.id }, appointments: { none: { activeSlotId: { not: null } } } },
              include: { session: { select: { kind: true } } },
            }),
            tx.appointment.findMany({
              where: { clinicDayId: target.id, activeSlotId: { not: null }, patientId: { in: bookings.map((b) => b.patientId) } },
              select: { patientId: true },
            }),
          );
          const plan = planMoves(
            bookings.map((b) => ({
              appointmentId: b.id,
              patientId: b.patientId,
              kind: b.kind,
              column: b.slot.column,
              wallTime: instantToLondonTime(b.slot.startsAt),
            })),
            freeSlots.map((s) => ({
              id: s.id,
              kind: s.session.kind,
              column: s.column,
              wallTime: instantToLondonTime(s.startsAt),
              startsAt: s.startsAt,
            })),
            new Set(alreadyBooked.map((a) => a.patientId)),
          );
          if (plan.unplaced.length > 0) {
            const noRoom = plan.unplaced.filter((u) => u.reason === "no-free-slot").length;
            const twice = plan.unplaced.length - noRoom;
            const why = [
              noRoom > 0 ? `${noRoom} ${noRoom === 1 ? "has" : "have"} no free slot` : null,
              twice > 0 ? `${twice} ${twice === 1 ? "patient is" : "patients are"} already booked that day` : null,
            ]
              .filter(Boolean)
              .join(" and ");
            throw new AppError(
              "CONFLICT",
              `${plan.unplaced.length} of ${bookings.length} bookings could not be placed on ${longDate(targetDate)} (${why}). Nothing was changed: choose another day or cancel the bookings.`,
              { details: { unplaced: plan.unplaced } },
            );
          }
          const slotById = new Map(freeSlots.map((s) => [s.id, s]));
          for (const { appointmentId, slotId } of plan.placements) {
            const booking = bookings.find((b) => b.id === appointmentId)!;
            const slot = slotById.get(slotId)!;
            await tx.appointment.update({
              where: { id: appointmentId },
              data: {
                clinicDayId: target.id,
                slotId,
                activeSlotId: slotId,
                activeMorningDayId: booking.kind === "WRAP_AROUND" ? target.id : null,
              },
            });
            await moveReminders(tx, appointmentId, slot.startsAt, now);
            await recordAudit(tx, {
              actor: ctx.actor,
              action: "appointment.move",
              patientId: booking.patientId,
              entityType: "Appointment",
              entityId: appointmentId,
              request: ctx.request,
              details: { fromClinicDayId: day.id, toClinicDayId: target.id, fromSlotId: booking.slotId, toSlotId: slotId, reason: data.reason },
            });
            outcomes.push({
              appointmentId,
              patientId: booking.patientId,
              patientName: nameOf(booking),
              was: booking.slot.startsAt,
              outcome: "moved",
              to: slot.startsAt,
            });
          }
          // Reviews waiting for a slot on this day now wait for the day the bookings moved to.
          await tx.waitlistEntry.updateMany({ where: { forClinicDayId: day.id, openClinicId: { not: null } }, data: { forClinicDayId: target.id } });
          await tx.triageOutcome.updateMany({
            where: { reviewClinicDayId: day.id, reviewAppointmentId: { in: plan.placements.map((p) => p.appointmentId) } },
            data: { reviewClinicDayId: target.id },
          });
        } else {
          for (const booking of bookings.filter((b) => b.kind === "WRAP_AROUND")) {
            await tx.appointment.update({
              where: { id: booking.id },
              data: { status: "CANCELLED", activeSlotId: null, activeMorningDayId: null, cancelledAt: now, cancelReason: data.reason },
            });
            await cancelReminders(tx, booking.id, "Clinic day cancelled");
            await recordAudit(tx, {
              actor: ctx.actor,
              action: "appointment.cancel",
              patientId: booking.patientId,
              entityType: "Appointment",
              entityId: booking.id,
              request: ctx.request,
              details: { clinicDayId: day.id, reason: data.reason, because: "clinic-day cancelled" },
            });
            outcomes.push({
              appointmentId: booking.id,
              patientId: booking.patientId,
              patientName: nameOf(booking),
              was: booking.slot.startsAt,
              outcome: "cancelled",
            });
          }
          // The afternoon goes by the one rule: everything is cancelled, and a review or a
          // booking from the waitlist puts the patient back on the review list or the waitlist.
          const ownEntries = await tx.waitlistEntry.findMany({
            where: { fromClinicDayId: day.id, openClinicId: { not: null }, triageOutcomeId: null },
            select: { patientId: true },
          });
          const afternoonPatients = [
            ...new Set([...bookings.filter((b) => b.kind !== "WRAP_AROUND").map((b) => b.patientId), ...ownEntries.map((e) => e.patientId)]),
          ];
          for (const patientId of afternoonPatients) {
            await routePatientAfternoon(tx, ctx, { clinicDayId: day.id, patientId, event: { type: "day-cancelled", reason: data.reason }, now });
          }
          const requeued = await tx.waitlistEntry.findMany({
            where: { causeAppointmentId: { in: bookings.map((b) => b.id) }, openClinicId: { not: null } },
            select: { causeAppointmentId: true, triageOutcomeId: true },
          });
          for (const booking of bookings.filter((b) => b.kind !== "WRAP_AROUND")) {
            const back = requeued.find((r) => r.causeAppointmentId === booking.id);
            outcomes.push({
              appointmentId: booking.id,
              patientId: booking.patientId,
              patientName: nameOf(booking),
              was: booking.slot.startsAt,
              outcome: "cancelled",
              ...(back ? { backOn: back.triageOutcomeId ? ("review list" as const) : ("waitlist" as const) } : {}),
            });
          }
          // Reviews that were waiting for a slot on this day wait for any later day now.
          await tx.waitlistEntry.updateMany({ where: { forClinicDayId: day.id, openClinicId: { not: null } }, data: { forClinicDayId: null } });
        }

        await tx.clinicDay.update({ where: { id: day.id }, data: { status: "CANCELLED", cancelReason: data.reason } });
        // The roster goes so its staff can be rostered elsewhere at those times.
        await tx.sessionStaff.deleteMany({ where: { session: { clinicDayId: day.id } } });
        await recordAudit(tx, {
          actor: ctx.actor,
          action: "clinic-day.cancel",
          entityType: "ClinicDay",
          entityId: day.id,
          request: ctx.request,
          details: {
            date,
            reason: data.reason,
            bookings: bookings.length === 0 ? "none" : data.bookings,
            movedTo: targetDate,
            count: bookings.length,
          },
        });
        return { clinicDayId: day.id, date, outcomes };
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "A slot on that day was booked while the bookings were being moved. Nothing was changed; try again.");
    }
    throw error;
  }
}
