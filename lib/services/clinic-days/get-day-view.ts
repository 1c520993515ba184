import { assertPermission } from "@/lib/auth/permissions";
import type { AppointmentStatus, ClinicDayStatus, SessionKind } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dayViewSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { freeSlotsOf, type FreeSlot } from "@/lib/services/appointments/internal/free-slots";
import { stationLabel } from "@/lib/appointments/stations";
import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";

/** Not-prepared patients are highlighted when their clinic day is this close. */
export const PREPARATION_WINDOW_DAYS = 3;

export type DayAppointment = {
  id: string;
  slotId: string;
  time: string;
  column: number;
  station: string;
  patientId: string;
  name: string;
  nhsNumber: string;
  dateOfBirth: string;
  status: AppointmentStatus;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  accessibilityNeeds: string | null;
  checkedInAt: string | null;
  /** The patient checked themselves in through their link. */
  selfCheckedIn: boolean;
  /** The patient booked (or last moved) this appointment themselves through their link. */
  bookedByPatient: boolean;
  noShowAt: string | null;
  preparation: {
    formatExplained: boolean;
    fastingAdvised: boolean;
    bringMedicinesList: boolean;
    interpreterArranged: boolean;
    accessNeedsNoted: boolean;
    notes: string | null;
    doneBy: string;
    doneAt: string;
  } | null;
};

export type DayView = {
  id: string;
  date: string;
  dateLabel: string;
  status: ClinicDayStatus;
  cancelReason: string | null;
  clinicName: string;
  siteName: string;
  isPast: boolean;
  isToday: boolean;
  /** True when the day is today or within the next PREPARATION_WINDOW_DAYS days. */
  preparationDue: boolean;
  sessions: Array<{ kind: SessionKind; start: string; end: string; room: string | null; staff: string[] }>;
  stations: Array<{ column: number; label: string }>;
  rows: Array<{ time: string; cells: Array<{ column: number; slotId: string | null; appointmentId: string | null }> }>;
  appointments: DayAppointment[];
  counts: { slots: number; booked: number; free: number; arrived: number; noShow: number; notPrepared: number; cancelled: number };
  freeSlots: FreeSlot[];
  /** Other upcoming clinic days of the same clinic with their free slots, to reschedule into. */
  otherDays: Array<{ id: string; dateLabel: string; freeSlots: FreeSlot[] }>;
};

function dateLabel(date: string): string {
  return formatLondon(new Date(`${date}T12:00:00Z`), "EEEE d MMMM yyyy");
}

function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Reception's view of one clinic day: the morning grid (stations × times), the
 * day list of patients with their state and preparation, and counts. No
 * clinical content. Every patient listed is an audited view.
 */
export async function getDayView(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<DayView> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId, purpose } = parseInput(dayViewSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({
      where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } },
      include: {
        clinic: { include: { site: true } },
        sessions: {
          orderBy: { startsAt: "asc" },
          include: {
            room: true,
            staff: { orderBy: { column: "asc" }, include: { staff: { select: { name: true } } } },
            slots: { orderBy: [{ startsAt: "asc" }, { column: "asc" }], include: { staff: { select: { name: true } } } },
          },
        },
        appointments: {
          where: { kind: "WRAP_AROUND" },
          include: {
            patient: true,
            preparation: true,
          },
        },
      },
    });
    if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
    const date = day.date.toISOString().slice(0, 10);

    const morning = day.sessions.filter((s) => s.kind === "WRAP_AROUND");
    const stationNames = new Map<number, string>();
    for (const session of morning) {
      for (const rostered of session.staff) {
        if (!stationNames.has(rostered.column)) stationNames.set(rostered.column, stationLabel(rostered.column, rostered.staff.name));
      }
      for (const slot of session.slots) {
        if (!stationNames.has(slot.column)) stationNames.set(slot.column, stationLabel(slot.column, slot.staff?.name));
      }
    }
    const stations = [...stationNames.entries()].sort((a, b) => a[0] - b[0]).map(([column, label]) => ({ column, label }));

    const slots = morning.flatMap((s) => s.slots);
    const slotById = new Map(slots.map((s) => [s.id, s]));
    const active = day.appointments.filter((a) => ACTIVE_STATUSES.includes(a.status) && slotById.has(a.slotId));
    const appointmentBySlot = new Map(active.map((a) => [a.slotId, a]));

    const doneByIds = [...new Set(active.flatMap((a) => (a.preparation?.doneById ? [a.preparation.doneById] : [])))];
    const doneBy = new Map(
      (await tx.staffUser.findMany({ where: { id: { in: doneByIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]),
    );

    const times = [...new Set(slots.map((s) => s.startsAt.getTime()))].sort((a, b) => a - b);
    const rows = times.map((t) => ({
      time: formatLondon(new Date(t), "HH:mm"),
      cells: stations.map(({ column }) => {
        const slot = slots.find((s) => s.startsAt.getTime() === t && s.column === column);
        return { column, slotId: slot?.id ?? null, appointmentId: slot ? (appointmentBySlot.get(slot.id)?.id ?? null) : null };
      }),
    }));

    const appointments: DayAppointment[] = active
      .map((a) => {
        const slot = slotById.get(a.slotId)!;
        const dob = a.patient.dateOfBirth.toISOString().slice(0, 10);
        return {
          id: a.id,
          slotId: a.slotId,
          time: formatLondon(slot.startsAt, "HH:mm"),
          column: slot.column,
          station: stationNames.get(slot.column) ?? stationLabel(slot.column, slot.staff?.name),
          patientId: a.patientId,
          name: `${a.patient.givenName} ${a.patient.familyName}`,
          nhsNumber: formatNhsNumber(a.patient.nhsNumber),
          dateOfBirth: formatLondon(new Date(`${dob}T12:00:00Z`), "d MMM yyyy"),
          status: a.status,
          preferredLanguage: a.patient.preferredLanguage,
          interpreterNeeded: a.patient.interpreterNeeded,
          accessibilityNeeds: a.patient.accessibilityNeeds,
          checkedInAt: a.checkedInAt ? formatLondon(a.checkedInAt, "HH:mm") : null,
          selfCheckedIn: a.selfCheckedIn,
          bookedByPatient: a.bookedViaLinkId !== null,
          noShowAt: a.noShowAt ? formatLondon(a.noShowAt, "HH:mm") : null,
          preparation: a.preparation
            ? {
                formatExplained: a.preparation.formatExplained,
                fastingAdvised: a.preparation.fastingAdvised,
                bringMedicinesList: a.preparation.bringMedicinesList,
                interpreterArranged: a.preparation.interpreterArranged,
                accessNeedsNoted: a.preparation.accessNeedsNoted,
                notes: a.preparation.notes,
                doneBy: a.preparation.doneById ? (doneBy.get(a.preparation.doneById) ?? "a member of staff") : "the patient, online",
                doneAt: formatLondon(a.preparation.doneAt, "d MMM yyyy 'at' HH:mm"),
              }
            : null,
          sortKey: slot.startsAt.getTime() * 100 + slot.column,
        };
      })
      .sort((a, b) => a.sortKey - b.sortKey)
      .map(({ sortKey: _sortKey, ...rest }) => rest);

    const upcoming = day.status === "SCHEDULED" && date >= today;
    const freeSlots = upcoming ? await freeSlotsOf(tx, ctx.actor.pcnId, day.id) : [];
    const others = await tx.clinicDay.findMany({
      where: { clinicId: day.clinicId, status: "SCHEDULED", id: { not: day.id }, date: { gte: new Date(`${today}T00:00:00Z`) } },
      orderBy: { date: "asc" },
      take: 3,
      select: { id: true, date: true },
    });
    const otherDays = [];
    for (const other of others) {
      const iso = other.date.toISOString().slice(0, 10);
      otherDays.push({ id: other.id, dateLabel: dateLabel(iso), freeSlots: await freeSlotsOf(tx, ctx.actor.pcnId, other.id) });
    }

    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "clinic-day.view-list", entityType: "ClinicDay", entityId: day.id, request: ctx.request, details: { purpose } },
      appointments.map((a) => a.patientId),
    );

    const countOf = (statuses: AppointmentStatus[]) => appointments.filter((a) => statuses.includes(a.status)).length;
    return {
      id: day.id,
      date,
      dateLabel: dateLabel(date),
      status: day.status,
      cancelReason: day.cancelReason,
      clinicName: day.clinic.name,
      siteName: day.clinic.site.name,
      isPast: date < today,
      isToday: date === today,
      preparationDue: date >= today && date <= addCalendarDays(today, PREPARATION_WINDOW_DAYS),
      sessions: day.sessions.map((s) => ({
        kind: s.kind,
        start: formatLondon(s.startsAt, "HH:mm"),
        end: formatLondon(s.endsAt, "HH:mm"),
        room: s.room?.name ?? null,
        staff: s.staff.map((r) => r.staff.name),
      })),
      stations,
      rows,
      appointments,
      counts: {
        slots: slots.length,
        booked: appointments.length,
        free: slots.length - appointments.length,
        arrived: countOf(["ARRIVED", "FULFILLED"]),
        noShow: countOf(["NOSHOW"]),
        notPrepared: countOf(["BOOKED"]) - appointments.filter((a) => a.status === "BOOKED" && a.preparation).length,
        cancelled: day.appointments.filter((a) => a.status === "CANCELLED").length,
      },
      freeSlots,
      otherDays,
    };
  });
}
