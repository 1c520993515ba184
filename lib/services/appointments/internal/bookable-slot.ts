import type { DbTx } from "@/lib/db/client";
import type { ClinicDayStatus, SessionKind } from "@/lib/db/generated/enums";
import { isUniqueViolation, uniqueTarget } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import type { ServiceContext } from "@/lib/db/context";
import { freeSlotsOf } from "@/lib/services/appointments/internal/free-slots";
import { CONSENT_FACTS } from "@/lib/services/reminders/internal/reminder-outbox";
import { bookableSlotProblem, mayBePatientClash, nextFreeSlots } from "@/lib/appointments/bookable-slot";
import { stationLabel } from "@/lib/appointments/stations";
import { dateOnly } from "@/lib/schedule/date-only";

export const SLOT_TAKEN_MESSAGE = "That slot was just booked by someone else";

/**
 * Booking is the operation people race on (a list of patients booked by several
 * desks at once). Queue for a pooled connection for up to 10 s rather than
 * Prisma's default 2 s, so a burst is answered "booked" or "taken", not "failed".
 */
export const CONTENDED_TRANSACTION = { maxWait: 10_000 } as const;

type BookableSlotRow = {
  startsAt: Date;
  column: number;
  staffName: string | null;
  kind: SessionKind;
  dayId: string;
  date: Date;
  status: ClinicDayStatus;
};

/**
 * A morning slot reception may book: a wrap-around slot of a scheduled clinic day of the PCN, today or later. One
 * query (slot, session, day, clinic and the station's clinician joined), as booking is the path people race on.
 */
export async function loadBookableSlot(tx: DbTx, pcnId: string, slotId: string, now: Date) {
  const [row] = await tx.$queryRaw<BookableSlotRow[]>`
    SELECT s."startsAt", s."column", st."name" AS "staffName", cs."kind"::text AS "kind",
           d."id" AS "dayId", d."date", d."status"::text AS "status"
    FROM "Slot" s
    JOIN "ClinicSession" cs ON cs."id" = s."sessionId"
    JOIN "ClinicDay" d ON d."id" = cs."clinicDayId"
    JOIN "Clinic" c ON c."id" = d."clinicId"
    LEFT JOIN "StaffUser" st ON st."id" = s."staffId"
    WHERE s."id" = ${slotId}::uuid AND c."pcnId" = ${pcnId}::uuid`;
  if (!row) throw new AppError("NOT_FOUND", "That slot was not found. Refresh the page and choose another.");
  const problem = bookableSlotProblem({ kind: row.kind, dayStatus: row.status, date: dateOnly(row.date) }, londonToday(now));
  if (problem) throw new AppError("VALIDATION", problem);
  return { slot: { id: slotId, startsAt: row.startsAt }, day: { id: row.dayId, date: row.date }, station: stationLabel(row.column, row.staffName) };
}

/** A patient of the PCN's register, with what reminders need (names for the desk, consent and contact details). */
export async function loadPatientOfPcn(tx: DbTx, pcnId: string, patientId: string) {
  const patient = await tx.patient.findFirst({
    where: { id: patientId, practice: { pcnId } },
    select: { id: true, givenName: true, familyName: true, ...CONSENT_FACTS },
  });
  if (!patient) throw new AppError("NOT_FOUND", "That patient was not found in your PCN's register.");
  return patient;
}

/**
 * Turns a unique-index violation from booking into the message reception needs.
 * It runs after the transaction has failed (a failed statement aborts an
 * interactive transaction), so it reads with fresh queries.
 */
export async function bookingConflict(
  ctx: ServiceContext,
  error: unknown,
  attempt: { patientId: string; slotId: string },
  /** The slot's day and time when the caller has read them already (booking has): one read fewer per refusal. */
  known?: { clinicDayId: string; startsAt: Date },
): Promise<AppError | null> {
  if (!isUniqueViolation(error)) return null;
  const slot = known
    ? { startsAt: known.startsAt, session: { clinicDayId: known.clinicDayId } }
    : await ctx.db.slot.findUnique({
        where: { id: attempt.slotId },
        select: { startsAt: true, session: { select: { clinicDayId: true } } },
      });
  const clinicDayId = slot?.session.clinicDayId;
  const target = uniqueTarget(error).join(" ");
  if (mayBePatientClash(target)) {
    const existing = clinicDayId
      ? await ctx.db.appointment.findFirst({
          where: { patientId: attempt.patientId, activeMorningDayId: clinicDayId },
          include: { slot: true, patient: { select: { givenName: true, familyName: true } } },
        })
      : null;
    if (existing) {
      const name = `${existing.patient.givenName} ${existing.patient.familyName}`;
      return new AppError("CONFLICT", `${name} already has a morning appointment on this day at ${formatLondon(existing.slot.startsAt, "HH:mm")}`, {
        details: { existingAppointmentId: existing.id },
      });
    }
  }
  const free = clinicDayId && slot ? await freeSlotsOf(ctx.db, ctx.actor.pcnId, clinicDayId, { excludeSlotId: attempt.slotId }) : [];
  return new AppError("CONFLICT", SLOT_TAKEN_MESSAGE, { details: { nextFreeSlots: nextFreeSlots(free, slot?.startsAt.toISOString() ?? "") } });
}
