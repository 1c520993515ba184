import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { bookFromWaitlistSchema } from "@/lib/validation/routing";
import { parseInput } from "@/lib/validation/parse";
import { queueReminders } from "./reminder-outbox";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { firstFreeSlot } from "./afternoon-capacity";
import { lockClinicDay } from "./free-afternoon";

const KIND_LABEL: Record<string, string> = { TALKING_THERAPIES: "Talking Therapies", GP: "GP" };

export function waitlistDateLabel(date: Date): string {
  return formatLondon(new Date(`${date.toISOString().slice(0, 10)}T12:00:00Z`), "d MMMM yyyy");
}

/**
 * Books a waitlisted patient into the earliest free slot of the kind they wait
 * for on a later clinic day of the same clinic, and closes the entry.
 */
export async function bookFromWaitlist(ctx: ServiceContext, input: unknown): Promise<{ appointmentId: string; date: string; time: string }> {
  assertPermission(ctx.actor, "routing:override");
  const { waitlistEntryId, clinicDayId } = parseInput(bookFromWaitlistSchema, input);
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const entry = await tx.waitlistEntry.findFirst({
          where: { id: waitlistEntryId, clinic: { pcnId: ctx.actor.pcnId } },
          include: { clinic: { select: { name: true } }, fromClinicDay: { select: { date: true } }, patient: { select: { givenName: true, familyName: true } } },
        });
        if (!entry) throw new AppError("NOT_FOUND", "That waitlist entry was not found. Refresh the page.");
        const name = `${entry.patient.givenName} ${entry.patient.familyName}`;
        if (entry.openClinicId === null) throw new AppError("CONFLICT", `${name} is no longer on the waitlist (already booked or closed). Refresh the page.`);
        const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } } });
        if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found. Refresh the page.");
        const dateLabel = waitlistDateLabel(day.date);
        if (day.clinicId !== entry.clinicId) throw new AppError("VALIDATION", `That clinic day belongs to another clinic: choose a day of ${entry.clinic.name}.`);
        if (day.status !== "SCHEDULED") throw new AppError("VALIDATION", `The clinic day of ${dateLabel} is cancelled: choose another day.`);
        const iso = day.date.toISOString().slice(0, 10);
        if (iso < londonToday()) throw new AppError("VALIDATION", `The clinic day of ${dateLabel} has already happened: choose a later day.`);
        if (iso <= entry.fromClinicDay.date.toISOString().slice(0, 10)) {
          throw new AppError("VALIDATION", `Choose a clinic day after ${waitlistDateLabel(entry.fromClinicDay.date)}, the day ${name} was waitlisted.`);
        }

        await lockClinicDay(tx, day.id);
        const kind = entry.kind;
        const already = await tx.appointment.count({ where: { clinicDayId: day.id, patientId: entry.patientId, kind, activeSlotId: { not: null } } });
        if (already) throw new AppError("CONFLICT", `${name} already has a ${KIND_LABEL[kind]} appointment on ${dateLabel}.`);
        const slot = await firstFreeSlot(tx, day.id, kind as "TALKING_THERAPIES" | "GP");
        if (!slot) throw new AppError("VALIDATION", `There is no free ${KIND_LABEL[kind]} slot on ${dateLabel}: choose another day.`);

        const fromLabel = waitlistDateLabel(entry.fromClinicDay.date);
        const appointment = await tx.appointment.create({
          data: {
            patientId: entry.patientId,
            clinicDayId: day.id,
            slotId: slot.id,
            activeSlotId: slot.id,
            kind,
            bookedById: ctx.actor.id,
            reason: `From the waitlist of ${fromLabel}`,
          },
        });
        // Booked into a later clinic day, so the patient needs reminding like any other booking.
        await queueReminders(tx, { id: appointment.id, patientId: entry.patientId, startsAt: slot.startsAt }, new Date());
        const time = formatLondon(slot.startsAt, "HH:mm");
        const resolution = `Booked into ${dateLabel} at ${time}`;
        const { count } = await tx.waitlistEntry.updateMany({
          where: { id: entry.id, openClinicId: { not: null } },
          data: { openClinicId: null, resolvedAt: new Date(), resolvedById: ctx.actor.id, resolution },
        });
        if (count !== 1) throw new AppError("CONFLICT", `${name} is no longer on the waitlist (already booked or closed). Refresh the page.`);
        if (entry.forClinicDayId) {
          // A triage review that waited for a slot: the triage now points at the review actually booked.
          await tx.triageOutcome.updateMany({
            where: { patientId: entry.patientId, reviewClinicDayId: entry.forClinicDayId, reviewAppointmentId: null },
            data: { reviewClinicDayId: day.id, reviewAppointmentId: appointment.id },
          });
        }
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
