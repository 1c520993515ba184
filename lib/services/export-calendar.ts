import { assertPermission } from "@/lib/auth/permissions";
import type { SessionKind } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { buildCalendar, type CalendarEvent } from "@/lib/ical";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { patientClinicDaySchema, staffDaySchema } from "@/lib/validation/exports";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { stationLabel } from "./find-free-slots";

const SESSION_NAME: Record<SessionKind, string> = {
  WRAP_AROUND: "Wrap-around session",
  TALKING_THERAPIES: "Talking Therapies session",
  GP: "GP session",
};

/**
 * A patient's appointments on one clinic day as a calendar file, to give or
 * send them. Like a reminder it says when and where only ("Appointment"), as
 * calendars are shared and synced. Audited as an export from the patient's record.
 */
export async function exportPatientDayCalendar(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<{ ics: string; date: string }> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { patientId, clinicDayId } = parseInput(patientClinicDaySchema, input);
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, include: { clinic: { include: { site: true } } } });
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

/**
 * A member of staff's own day: the sessions they are rostered on, with their
 * station and room and how many patients are booked with them. No patient
 * names: a personal calendar is not a place for them.
 */
export async function exportMyDayCalendar(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<{ ics: string; date: string }> {
  assertPermission(ctx.actor, "self:manage");
  const parsed = parseInput(staffDaySchema, input);
  const date = parsed.date ?? londonToday(clock.now ?? new Date());
  const from = londonWallTimeToInstant(date, "00:00");
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const to = londonWallTimeToInstant(next, "00:00");
  const rostered = await ctx.db.sessionStaff.findMany({
    where: { staffId: ctx.actor.id, startsAt: { gte: from, lt: to }, session: { clinicDay: { status: "SCHEDULED", clinic: { pcnId: ctx.actor.pcnId } } } },
    include: {
      session: {
        include: {
          room: { select: { name: true } },
          clinicDay: { include: { clinic: { include: { site: true } } } },
          slots: { select: { column: true, appointments: { where: { activeSlotId: { not: null } }, select: { id: true } } } },
        },
      },
    },
    orderBy: { startsAt: "asc" },
  });
  const events: CalendarEvent[] = rostered.map((r) => {
    const s = r.session;
    const booked = s.slots.filter((slot) => slot.column === r.column).reduce((n, slot) => n + slot.appointments.length, 0);
    return {
      uid: r.id,
      start: r.startsAt,
      end: r.endsAt,
      summary: `${SESSION_NAME[s.kind]}: ${s.clinicDay.clinic.name}`,
      location: [s.room?.name, s.clinicDay.clinic.site.name].filter(Boolean).join(", "),
      description: `${stationLabel(r.column, ctx.actor.name)}. ${booked} ${booked === 1 ? "patient" : "patients"} booked with you when this file was made.`,
    };
  });
  return { ics: buildCalendar(`${ctx.actor.name}: clinic day ${date}`, events, clock.now), date };
}
