/**
 * Everything the flow board shows of one clinic day, read in one statement: the day and its clinic, every appointment
 * with its patient, slot and clinician, the morning PHQ-4s, the open waiting-list entries and the finalised care plans.
 *
 * One statement, not the seven Prisma reads it replaces (each with its own round trip, one after another inside a
 * transaction): at ICB size the board spent about 2 ms in PostgreSQL and most of its 50-odd ms on round trips. A single
 * statement also reads one snapshot, which the seven reads under READ COMMITTED did not.
 *
 * Reception's board (clinical false) does not read the PHQ-4 totals: the statement leaves them out, not the page.
 */
import type { DbTx } from "@/lib/db/client";
import type { AppointmentStatus, SessionKind } from "@/lib/db/generated/enums";

export type BoardDay = { id: string; date: Date; clinic: { id: string; name: string; waitingLimitMinutes: number } };

export type BoardAppointment = {
  id: string;
  patientId: string;
  kind: SessionKind;
  status: AppointmentStatus;
  bookedAt: Date;
  checkedInAt: Date | null;
  selfCheckedIn: boolean;
  noShowAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  cancelledAt: Date | null;
  leftBeforeSeen: boolean;
  patient: { givenName: string; familyName: string; nhsNumber: string; preferredLanguage: string; interpreterNeeded: boolean };
  slot: { startsAt: Date; column: number; staff: { name: string } | null };
};

export type BoardAssessment = { id: string; appointmentId: string; recordedAt: Date; amendsId: string | null; total?: number };

export type BoardFacts = {
  day: BoardDay;
  appointments: BoardAppointment[];
  assessments: BoardAssessment[];
  waitlist: Array<{ patientId: string; kind: SessionKind }>;
  carePlans: Array<{ patientId: string; finalisedAt: Date }>;
};

type Row = {
  day: { id: string; date: string; clinicId: string; clinicName: string; waitingLimitMinutes: number } | null;
  appointments: Array<
    Omit<BoardAppointment, "bookedAt" | "checkedInAt" | "noShowAt" | "startedAt" | "endedAt" | "cancelledAt" | "patient" | "slot"> &
      Record<"bookedAt" | "slotStartsAt", string> &
      Record<"checkedInAt" | "noShowAt" | "startedAt" | "endedAt" | "cancelledAt" | "staffName", string | null> &
      BoardAppointment["patient"] & { column: number }
  >;
  assessments: Array<{ id: string; appointmentId: string; recordedAt: string; amendsId: string | null; total: number | null }>;
  waitlist: Array<{ patientId: string; kind: SessionKind }>;
  carePlans: Array<{ patientId: string; finalisedAt: string }>;
};

const at = (value: string) => new Date(value);
const maybeAt = (value: string | null) => (value === null ? null : new Date(value));

/** The board's facts for a clinic day of the PCN, or null when the PCN has no such day. */
export async function loadBoardFacts(db: DbTx, input: { clinicDayId: string; pcnId: string; clinical: boolean }): Promise<BoardFacts | null> {
  // JSON carries each list in one row; a timestamptz becomes ISO 8601 with its offset, which Date reads exactly.
  const [row] = await db.$queryRaw<Row[]>`
    WITH day AS (
      SELECT d."id", d."date", c."id" AS "clinicId", c."name" AS "clinicName", c."waitingLimitMinutes"
      FROM "ClinicDay" d JOIN "Clinic" c ON c."id" = d."clinicId"
      WHERE d."id" = ${input.clinicDayId}::uuid AND c."pcnId" = ${input.pcnId}::uuid
    ), appointments AS (
      SELECT a."id", a."patientId", a."kind", a."status", a."bookedAt", a."checkedInAt", a."selfCheckedIn", a."noShowAt",
             a."startedAt", a."endedAt", a."cancelledAt", a."leftBeforeSeen",
             p."givenName", p."familyName", p."nhsNumber", p."preferredLanguage", p."interpreterNeeded",
             s."startsAt" AS "slotStartsAt", s."column", st."name" AS "staffName"
      FROM day
      JOIN "Appointment" a ON a."clinicDayId" = day."id"
      JOIN "Patient" p ON p."id" = a."patientId"
      JOIN "Slot" s ON s."id" = a."slotId"
      LEFT JOIN "StaffUser" st ON st."id" = s."staffId"
    )
    SELECT
      (SELECT to_json(day) FROM day) AS "day",
      (SELECT coalesce(json_agg(a ORDER BY a."bookedAt", a."id"), '[]') FROM appointments a) AS "appointments",
      (SELECT coalesce(json_agg(json_build_object(
                'id', q."id", 'appointmentId', q."appointmentId", 'recordedAt', q."recordedAt", 'amendsId', q."amendsId",
                'total', CASE WHEN ${input.clinical} THEN q."total" END
              ) ORDER BY q."recordedAt", q."id"), '[]')
       FROM "Phq4Assessment" q
       WHERE q."appointmentId" IN (SELECT "id" FROM appointments WHERE "kind" = 'WRAP_AROUND')) AS "assessments",
      (SELECT coalesce(json_agg(json_build_object('patientId', w."patientId", 'kind', w."kind")), '[]')
       FROM "WaitlistEntry" w
       WHERE w."clinicId" = (SELECT "clinicId" FROM day) AND w."openClinicId" IS NOT NULL
         AND w."patientId" IN (SELECT "patientId" FROM appointments)) AS "waitlist",
      (SELECT coalesce(json_agg(json_build_object('patientId', cp."patientId", 'finalisedAt', cp."finalisedAt")), '[]')
       FROM "CarePlan" cp
       WHERE cp."clinicDayId" = (SELECT "id" FROM day) AND cp."finalisedAt" IS NOT NULL) AS "carePlans"`;
  if (!row?.day) return null;
  const { day } = row;
  return {
    day: {
      id: day.id,
      date: new Date(`${day.date}T00:00:00Z`),
      clinic: { id: day.clinicId, name: day.clinicName, waitingLimitMinutes: day.waitingLimitMinutes },
    },
    appointments: row.appointments.map((a) => ({
      id: a.id,
      patientId: a.patientId,
      kind: a.kind,
      status: a.status,
      bookedAt: at(a.bookedAt),
      checkedInAt: maybeAt(a.checkedInAt),
      selfCheckedIn: a.selfCheckedIn,
      noShowAt: maybeAt(a.noShowAt),
      startedAt: maybeAt(a.startedAt),
      endedAt: maybeAt(a.endedAt),
      cancelledAt: maybeAt(a.cancelledAt),
      leftBeforeSeen: a.leftBeforeSeen,
      patient: {
        givenName: a.givenName,
        familyName: a.familyName,
        nhsNumber: a.nhsNumber,
        preferredLanguage: a.preferredLanguage,
        interpreterNeeded: a.interpreterNeeded,
      },
      slot: { startsAt: at(a.slotStartsAt), column: a.column, staff: a.staffName === null ? null : { name: a.staffName } },
    })),
    assessments: row.assessments.map((q) => ({
      id: q.id,
      appointmentId: q.appointmentId,
      recordedAt: at(q.recordedAt),
      amendsId: q.amendsId,
      ...(input.clinical && q.total !== null ? { total: q.total } : {}),
    })),
    waitlist: row.waitlist,
    carePlans: row.carePlans.map((c) => ({ patientId: c.patientId, finalisedAt: at(c.finalisedAt) })),
  };
}
