import { assertPermission } from "@/lib/auth/permissions";
import type { SessionKind } from "@/lib/db/generated/enums";
import { buildCalendar, type CalendarEvent } from "@/lib/ical";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { staffDaySchema } from "@/lib/validation/exports";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { stationLabel } from "@/lib/appointments/stations";

const SESSION_NAME: Record<SessionKind, string> = {
  WRAP_AROUND: "Wrap-around session",
  TALKING_THERAPIES: "Talking Therapies session",
  GP: "GP session",
};

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
    where: {
      staffId: ctx.actor.id,
      startsAt: { gte: from, lt: to },
      session: { clinicDay: { status: "SCHEDULED", clinic: { pcnId: ctx.actor.pcnId } } },
    },
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
