/** What the patient's own pages read: their next morning appointment and the free times they may choose. */
import type { DbTx } from "@/lib/db/client";
import type { PatientLinkContext } from "@/lib/db/context";
import { isUniqueViolation, uniqueTarget } from "@/lib/db/errors";
import { mayBePatientClash } from "@/lib/appointments/bookable-slot";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";

/** How many upcoming clinic days with free times the patient is offered. */
export const DAYS_OFFERED = 3;

export type FreeTime = { slotId: string; time: string; startsAt: string };
export type FreeDay = { clinicDayId: string; date: string; dateLabel: string; place: string; times: FreeTime[] };

/**
 * Free morning times of the next clinic days of the PCN, from tomorrow (London) on: one slot per time (the patient
 * chooses a time, not a station or a clinician), and only times and the place. The same "free" as reception's
 * (no appointment holds the slot), and the same unique index decides when two choose one slot.
 */
export async function freeTimesOf(tx: DbTx, pcnId: string, now: Date, options: { excludeDayId?: string } = {}): Promise<FreeDay[]> {
  const rows = await tx.$queryRaw<Array<{ slotId: string; startsAt: Date; dayId: string; date: Date; siteName: string; siteAddress: string | null }>>`
    WITH days AS (
      SELECT d."id", d."date", st."name" AS "siteName", st."address" AS "siteAddress"
      FROM "ClinicDay" d JOIN "Clinic" c ON c."id" = d."clinicId" JOIN "Site" st ON st."id" = c."siteId"
      WHERE c."pcnId" = ${pcnId}::uuid AND d."status" = 'SCHEDULED' AND d."date" > ${londonToday(now)}::date
        AND d."id" IS DISTINCT FROM ${options.excludeDayId ?? null}::uuid
        AND EXISTS (SELECT 1 FROM "ClinicSession" cs JOIN "Slot" s ON s."sessionId" = cs."id"
                    WHERE cs."clinicDayId" = d."id" AND cs."kind" = 'WRAP_AROUND'
                      AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."activeSlotId" = s."id"))
      ORDER BY d."date", d."id" LIMIT ${DAYS_OFFERED}
    )
    SELECT DISTINCT ON (days."date", days."id", s."startsAt") s."id" AS "slotId", s."startsAt", days."id" AS "dayId", days."date",
           days."siteName", days."siteAddress"
    FROM days JOIN "ClinicSession" cs ON cs."clinicDayId" = days."id" AND cs."kind" = 'WRAP_AROUND'
    JOIN "Slot" s ON s."sessionId" = cs."id"
    WHERE NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."activeSlotId" = s."id")
    ORDER BY days."date", days."id", s."startsAt", s."column"`;
  const days = new Map<string, FreeDay>();
  for (const row of rows) {
    let day = days.get(row.dayId);
    if (!day) {
      day = {
        clinicDayId: row.dayId,
        date: dateOnly(row.date),
        dateLabel: formatLondon(new Date(`${dateOnly(row.date)}T12:00:00Z`), "EEEE d MMMM yyyy"),
        place: row.siteAddress ? `${row.siteName}, ${row.siteAddress}` : row.siteName,
        times: [],
      };
      days.set(row.dayId, day);
    }
    day.times.push({ slotId: row.slotId, time: formatLondon(row.startsAt, "h:mmaaa"), startsAt: row.startsAt.toISOString() });
  }
  return [...days.values()];
}

/** The patient's current morning appointment of the PCN (booked or arrived, today or later), whoever booked it. */
export async function currentAppointmentOf(tx: DbTx, pcnId: string, patientId: string, now: Date) {
  const appointment = await tx.appointment.findFirst({
    where: {
      patientId,
      kind: "WRAP_AROUND",
      status: { in: ["BOOKED", "ARRIVED"] },
      clinicDay: { date: { gte: new Date(`${londonToday(now)}T00:00:00Z`) }, clinic: { pcnId } },
    },
    orderBy: { clinicDay: { date: "asc" } },
    select: {
      id: true,
      status: true,
      clinicDayId: true,
      slotId: true,
      checkedInAt: true,
      selfCheckedIn: true,
      bookedViaLinkId: true,
      slot: { select: { startsAt: true, endsAt: true } },
      clinicDay: { select: { date: true, clinic: { select: { site: { select: { name: true, address: true } } } } } },
      preparation: { select: { doneViaLinkId: true, doneAt: true } },
      homePhq4: { orderBy: { answeredAt: "desc" }, take: 1, select: { answeredAt: true } },
    },
  });
  if (!appointment) return null;
  const site = appointment.clinicDay.clinic.site;
  return {
    ...appointment,
    date: dateOnly(appointment.clinicDay.date),
    dateLabel: formatLondon(new Date(`${dateOnly(appointment.clinicDay.date)}T12:00:00Z`), "EEEE d MMMM yyyy"),
    time: formatLondon(appointment.slot.startsAt, "h:mmaaa"),
    place: site.address ? `${site.name}, ${site.address}` : site.name,
  };
}

export type CurrentAppointment = NonNullable<Awaited<ReturnType<typeof currentAppointmentOf>>>;

export async function requireCurrentAppointment(tx: DbTx, pcnId: string, patientId: string, now: Date): Promise<CurrentAppointment> {
  const appointment = await currentAppointmentOf(tx, pcnId, patientId, now);
  if (!appointment) throw new AppError("NOT_FOUND", "You do not have an appointment booked. Choose a time first.");
  return appointment;
}

export const TIME_TAKEN_MESSAGE = "Sorry, someone has just taken that time. Please choose another.";

/** A unique violation told as the patient needs it: the time was taken (with the next free ones), or they already hold a booking that day. */
export async function takenTime(ctx: PatientLinkContext, error: unknown, now: Date): Promise<AppError | null> {
  if (!isUniqueViolation(error)) return null;
  const target = uniqueTarget(error).join(" ");
  if (mayBePatientClash(target) && !/activeSlotId/.test(target)) {
    return new AppError("CONFLICT", "You already have an appointment on that day.");
  }
  const days = await freeTimesOf(ctx.db, ctx.link.pcnId, now);
  return new AppError("CONFLICT", TIME_TAKEN_MESSAGE, {
    details: { nextFreeTimes: days.flatMap((d) => d.times.slice(0, 4).map((t) => ({ ...t, dateLabel: d.dateLabel }))).slice(0, 4) },
  });
}
