import { assertPermission } from "@/lib/auth/permissions";
import type { SessionKind } from "@/lib/db/generated/enums";
import type { ServiceContext } from "@/lib/db/context";
import { ACTIVE_STATUSES, ARRIVED_STATUSES } from "@/lib/appointments/statuses";

export type ClinicDaySummary = {
  id: string;
  date: string;
  clinicName: string;
  siteName: string;
  status: "SCHEDULED" | "CANCELLED";
  sessions: Array<{
    kind: SessionKind;
    startsAt: Date;
    endsAt: Date;
    roomName: string | null;
    staff: Array<{ id: string; name: string; column: number }>;
  }>;
  morningSlots: number;
  booked: number;
  arrived: number;
  /** True when the signed-in member of staff is rostered on this day. */
  rostered: boolean;
};

type DayRow = {
  id: string;
  date: string;
  status: "SCHEDULED" | "CANCELLED";
  clinicName: string;
  siteName: string;
  morningSlots: number;
  booked: number;
  arrived: number;
};

type SessionRow = {
  id: string;
  clinicDayId: string;
  kind: SessionKind;
  startsAt: Date;
  endsAt: Date;
  roomName: string | null;
  staffId: string | null;
  staffName: string | null;
  column: number | null;
};

/**
 * Clinic days of the actor's PCN between two dates (inclusive), with booking
 * counts computed in the database. No patient is named, so nothing to audit.
 * Two statements (the days with their counts, then their sessions and rosters
 * as flat rows): every role's home page lists these, so each round trip counts.
 */
export async function listClinicDays(ctx: ServiceContext, range: { from: string; to?: string; limit?: number }): Promise<ClinicDaySummary[]> {
  assertPermission(ctx.actor, "clinic-day:view");
  const days = await ctx.db.$queryRaw<DayRow[]>`
    SELECT cd."id", to_char(cd."date", 'YYYY-MM-DD') AS "date", cd."status"::text AS "status",
           c."name" AS "clinicName", si."name" AS "siteName",
           (SELECT count(*)::int FROM "Slot" sl JOIN "ClinicSession" cs ON cs."id" = sl."sessionId"
             WHERE cs."clinicDayId" = cd."id" AND cs."kind" = 'WRAP_AROUND') AS "morningSlots",
           (SELECT count(*)::int FROM "Appointment" a
             WHERE a."clinicDayId" = cd."id" AND a."kind" = 'WRAP_AROUND' AND a."status"::text = ANY(${[...ACTIVE_STATUSES]}::text[])) AS "booked",
           (SELECT count(*)::int FROM "Appointment" a
             WHERE a."clinicDayId" = cd."id" AND a."kind" = 'WRAP_AROUND' AND a."status"::text = ANY(${[...ARRIVED_STATUSES]}::text[])) AS "arrived"
      FROM "ClinicDay" cd
      JOIN "Clinic" c ON c."id" = cd."clinicId"
      JOIN "Site" si ON si."id" = c."siteId"
     WHERE c."pcnId" = ${ctx.actor.pcnId}::uuid
       AND cd."date" >= ${range.from}::date
       AND (${range.to ?? null}::date IS NULL OR cd."date" <= ${range.to ?? null}::date)
     ORDER BY cd."date", cd."id"
     LIMIT ${range.limit ?? 50}`;
  if (days.length === 0) return [];
  const sessions = await ctx.db.$queryRaw<SessionRow[]>`
    SELECT cs."id", cs."clinicDayId", cs."kind"::text AS "kind", cs."startsAt", cs."endsAt", r."name" AS "roomName",
           u."id" AS "staffId", u."name" AS "staffName", ss."column"
      FROM "ClinicSession" cs
      LEFT JOIN "Room" r ON r."id" = cs."roomId"
      LEFT JOIN "SessionStaff" ss ON ss."sessionId" = cs."id"
      LEFT JOIN "StaffUser" u ON u."id" = ss."staffId"
     WHERE cs."clinicDayId" = ANY(${days.map((d) => d.id)}::uuid[])
     ORDER BY cs."startsAt", cs."id", ss."column"`;
  const byDay = new Map<string, ClinicDaySummary["sessions"]>();
  const byId = new Map<string, ClinicDaySummary["sessions"][number]>();
  for (const row of sessions) {
    let session = byId.get(row.id);
    if (!session) {
      session = { kind: row.kind, startsAt: row.startsAt, endsAt: row.endsAt, roomName: row.roomName, staff: [] };
      byId.set(row.id, session);
      byDay.set(row.clinicDayId, [...(byDay.get(row.clinicDayId) ?? []), session]);
    }
    if (row.staffId !== null && row.staffName !== null && row.column !== null)
      session.staff.push({ id: row.staffId, name: row.staffName, column: row.column });
  }
  return days.map((day) => {
    const daySessions = byDay.get(day.id) ?? [];
    return {
      ...day,
      sessions: daySessions,
      rostered: daySessions.some((s) => s.staff.some((r) => r.id === ctx.actor.id)),
    };
  });
}
