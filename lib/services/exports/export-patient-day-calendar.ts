import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { buildCalendar, type CalendarEvent } from "@/lib/ical";
import { patientClinicDaySchema } from "@/lib/validation/exports";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

/**
 * A patient's appointments on one clinic day as a calendar file, to give or
 * send them. Like a reminder it says when and where only ("Appointment"), as
 * calendars are shared and synced. Audited as an export from the patient's record.
 */
export async function exportPatientDayCalendar(
  ctx: ServiceContext,
  input: unknown,
  clock: { now?: Date } = {},
): Promise<{ ics: string; date: string }> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { patientId, clinicDayId } = parseInput(patientClinicDaySchema, input);
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({
      where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } },
      include: { clinic: { include: { site: true } } },
    });
    const patient = await tx.patient.findFirst({ where: { id: patientId, practice: { pcnId: ctx.actor.pcnId } }, select: { id: true } });
    if (!day || !patient) throw new AppError("NOT_FOUND", "That patient or clinic day was not found.");
    const appointments = await tx.appointment.findMany({
      where: { patientId, clinicDayId, status: { not: "ENTERED_IN_ERROR" } },
      include: { slot: true },
      orderBy: { slot: { startsAt: "asc" } },
    });
    if (appointments.length === 0) throw new AppError("NOT_FOUND", "That patient has no appointments on this clinic day.");
    const site = day.clinic.site;
    const events: CalendarEvent[] = appointments.map((a) => ({
      uid: a.id,
      start: a.slot.startsAt,
      end: a.slot.endsAt,
      summary: "Appointment",
      // Not the room: room names can say what the appointment is for ("Talking Therapies").
      location: [site.name, site.address].filter(Boolean).join(", "),
      description: "Please arrive a few minutes early. To change or cancel, contact your GP practice.",
      cancelled: a.status === "CANCELLED",
    }));
    const date = day.date.toISOString().slice(0, 10);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "calendar.export",
      patientId,
      entityType: "ClinicDay",
      entityId: day.id,
      request: ctx.request,
      details: { date, appointments: appointments.length },
    });
    return { ics: buildCalendar(`Appointments ${date}`, events, clock.now), date };
  });
}
