import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { holdsSlot, KIND_LABELS, placeAppointment, standsToBeSeen, type AfternoonKind } from "@/lib/routing/afternoon";
import { bookFromWaitlistSchema } from "@/lib/validation/routing";
import { parseInput } from "@/lib/validation/parse";
import { queueReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { freeAfternoonSlots, loadAfternoonAppointments, lockClinicDay, routeUncoveredDays } from "@/lib/services/routing/internal/route-afternoon";
import { waitlistDateLabel } from "@/lib/schedule/date-only";

/**
 * Books a waitlisted patient into the earliest free slot of the kind they wait
 * for on a later clinic day of the same clinic (still to come, and fitting
 * their other appointment that day by the handover gap), and resolves the
 * entry with the booking that meets it.
 */
export async function bookFromWaitlist(
  ctx: ServiceContext,
  input: unknown,
  clock: { now?: Date } = {},
): Promise<{ appointmentId: string; date: string; time: string }> {
  assertPermission(ctx.actor, "routing:override");
  const { waitlistEntryId, clinicDayId } = parseInput(bookFromWaitlistSchema, input);
  const now = clock.now ?? new Date();
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const entry = await tx.waitlistEntry.findFirst({
          where: { id: waitlistEntryId, clinic: { pcnId: ctx.actor.pcnId } },
          include: {
            clinic: { select: { name: true } },
            fromClinicDay: { select: { date: true } },
            patient: { select: { givenName: true, familyName: true } },
          },
        });
        if (!entry) throw new AppError("NOT_FOUND", "That waitlist entry was not found. Refresh the page.");
        const name = `${entry.patient.givenName} ${entry.patient.familyName}`;
        if (entry.openClinicId === null)
          throw new AppError("CONFLICT", `${name} is no longer on the waitlist (already booked or closed). Refresh the page.`);
        const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } } });
        if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found. Refresh the page.");
        const dateLabel = waitlistDateLabel(day.date);
        if (day.clinicId !== entry.clinicId)
          throw new AppError("VALIDATION", `That clinic day belongs to another clinic: choose a day of ${entry.clinic.name}.`);
        if (day.status !== "SCHEDULED") throw new AppError("VALIDATION", `The clinic day of ${dateLabel} is cancelled: choose another day.`);
        const iso = day.date.toISOString().slice(0, 10);
        if (iso < londonToday(now)) throw new AppError("VALIDATION", `The clinic day of ${dateLabel} has already happened: choose a later day.`);
        if (iso <= entry.fromClinicDay.date.toISOString().slice(0, 10)) {
          throw new AppError(
            "VALIDATION",
            `Choose a clinic day after ${waitlistDateLabel(entry.fromClinicDay.date)}, the day ${name} was waitlisted.`,
          );
        }

        await lockClinicDay(tx, day.id);
        const kind = entry.kind as AfternoonKind;
        const others = await loadAfternoonAppointments(tx, day.id, entry.patientId);
        if (others.some((a) => a.kind === kind && holdsSlot(a.status)))
          throw new AppError("CONFLICT", `${name} already has a ${KIND_LABELS[kind]} appointment on ${dateLabel}.`);
        const clinic = await tx.clinic.findUniqueOrThrow({ where: { id: day.clinicId }, select: { handoverGapMinutes: true } });
        // The earliest slot still to come that fits the patient's other appointment that day, by the handover gap.
        const slot = placeAppointment({
          kind,
          freeSlots: await freeAfternoonSlots(tx, day.id, [kind]),
          others,
          rules: { handoverGapMinutes: clinic.handoverGapMinutes },
          now: now.getTime(),
        });
        if (!slot) {
          const fits = others.some((a) => a.kind !== kind && standsToBeSeen(a.status)) ? ` that fits ${name}'s other appointment that day` : "";
          throw new AppError("VALIDATION", `There is no free ${KIND_LABELS[kind]} slot${fits} on ${dateLabel}: choose another day.`);
        }
        const startsAt = new Date(slot.startsAt);

        const fromLabel = waitlistDateLabel(entry.fromClinicDay.date);
        const review = entry.triageOutcomeId !== null;
        const time = formatLondon(startsAt, "HH:mm");
        const resolution = `Booked into ${dateLabel} at ${time}`;
        // The entry closes first: a second booking of it (another tab, another desk) is refused here.
        const { count } = await tx.waitlistEntry.updateMany({
          where: { id: entry.id, openClinicId: { not: null } },
          data: { openClinicId: null, resolvedAt: now, resolvedById: ctx.actor.id, resolution },
        });
        if (count !== 1) throw new AppError("CONFLICT", `${name} is no longer on the waitlist (already booked or closed). Refresh the page.`);
        const appointment = await tx.appointment.create({
          data: {
            patientId: entry.patientId,
            clinicDayId: day.id,
            slotId: slot.id,
            activeSlotId: slot.id,
            kind,
            // A review booked from its place on the review list is still the review.
            origin: review ? "TRIAGE_REVIEW" : "WAITLIST",
            waitlistEntryId: entry.id,
            bookedById: ctx.actor.id,
            bookedAt: now,
            reason: review
              ? `Talking Therapies review from the triage of ${fromLabel} (booked from the review list)`
              : `From the waitlist of ${fromLabel}`,
          },
        });
        // Booked into a later clinic day, so the patient needs reminding like any other booking.
        await queueReminders(tx, { id: appointment.id, patientId: entry.patientId, startsAt }, now);
        if (entry.triageOutcomeId) {
          // The triage now points at the review actually booked.
          await tx.triageOutcome.update({
            where: { id: entry.triageOutcomeId },
            data: { reviewClinicDayId: day.id, reviewAppointmentId: appointment.id },
          });
        }
        // The closed entry may also have stood for another day's screen (one open entry of each kind): those
        // days get an entry (or a slot) of their own again.
        await routeUncoveredDays(tx, ctx, { patientId: entry.patientId, clinicId: day.clinicId, now });
        await recordAudit(tx, {
          actor: ctx.actor,
          action: "appointment.book-from-waitlist",
          patientId: entry.patientId,
          entityType: "Appointment",
          entityId: appointment.id,
          request: ctx.request,
          details: { kind, clinicDayId: day.id, date: iso, time, waitlistEntryId: entry.id },
        });
        await recordAudit(tx, {
          actor: ctx.actor,
          action: "waitlist.resolve",
          patientId: entry.patientId,
          entityType: "WaitlistEntry",
          entityId: entry.id,
          request: ctx.request,
          details: { kind, resolution },
        });
        return { appointmentId: appointment.id, date: iso, time };
      },
      { maxWait: 10_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "That slot was just taken by someone else. Try again to book the next free one.");
    throw error;
  }
}
