import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";
import { assertPermission } from "@/lib/auth/permissions";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { recordPatientViews } from "@/lib/db/audit";
import { Prisma } from "@/lib/db/generated/client";
import { linkState } from "@/lib/patient-links";
import { MULTI_MORBIDITY_MIN_CONDITIONS } from "@/lib/patients/eligibility";
import { reachCounts, reminderChannels, reminderRefusal, type ReminderChannelName } from "@/lib/reminders";
import { londonToday } from "@/lib/schedule";
import { CONSENT_FACTS } from "@/lib/services/reminders/internal/reminder-outbox";
import { invitableFilterSchema, MAX_INVITATIONS_AT_ONCE, type InvitableFilter } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";

export type InvitablePatient = {
  id: string;
  givenName: string;
  familyName: string;
  nhsNumber: string;
  practiceName: string;
  /** The channels an invitation would go by (each needs its own consent and a number or address). */
  channels: ReminderChannelName[];
  /** Why each other channel cannot be used. */
  refused: string[];
  /** A link sent earlier still works (a new invitation replaces it). */
  openLink: boolean;
  /** When the patient was last sent a link, if ever (ISO). */
  lastInvitedAt: string | null;
};

export type InvitableList = {
  filter: InvitableFilter;
  /** The first MAX_INVITATIONS_AT_ONCE matches, by family name then given name. */
  patients: InvitablePatient[];
  /** How many patients match in all (more than are listed when above the limit). */
  total: number;
  limit: number;
  /** Over the patients listed: reachable by text, by email, by neither. */
  reach: { sms: number; email: number; unreachable: number };
};

/**
 * The register's invitation list (issue 16): patients of the actor's PCN who are eligible for the clinic day (at
 * least MULTI_MORBIDITY_MIN_CONDITIONS different long-term conditions, lib/patients/eligibility.ts) and hold no
 * morning appointment that is booked, arrived or fulfilled on a clinic day from today (London) on, whoever booked
 * it; by practice if asked; leaving out, by default, anyone whose earlier link still works. At most
 * MAX_INVITATIONS_AT_ONCE are listed (what one invitation may name), first by family name, with the total.
 * Every patient listed is a record seen, so audited, one event each as every list is.
 */
export async function listInvitablePatients(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<InvitableList> {
  assertPermission(ctx.actor, "patient:invite");
  const filter = parseInput(invitableFilterSchema, input);
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  const openLink = (p: Prisma.Sql) => Prisma.sql`EXISTS (
    SELECT 1 FROM "PatientLink" l WHERE l."patientId" = ${p} AND l."cancelledAt" IS NULL AND l."usedAt" IS NULL
      AND l."lockedAt" IS NULL AND l."expiresAt" > ${now})`;
  const pid = Prisma.sql`p."id"`;
  const leaveOut =
    filter.leaveOut === "none"
      ? Prisma.empty
      : filter.leaveOut === "open-link"
        ? Prisma.sql`AND NOT ${openLink(pid)}`
        : Prisma.sql`AND NOT ${openLink(pid)} AND NOT EXISTS (
            SELECT 1 FROM "PatientLink" l WHERE l."patientId" = p."id" AND l."createdAt" > ${new Date(now.getTime() - filter.withinDays * 86_400_000)})`;

  return ctx.db.$transaction(async (tx) => {
    const matches = await tx.$queryRaw<Array<{ id: string; total: bigint }>>`
      SELECT p."id", count(*) OVER () AS "total"
      FROM "Patient" p JOIN "Practice" pr ON pr."id" = p."practiceId"
      WHERE pr."pcnId" = ${ctx.actor.pcnId}::uuid
        ${filter.practiceId ? Prisma.sql`AND p."practiceId" = ${filter.practiceId}::uuid` : Prisma.empty}
        AND (SELECT count(DISTINCT c) FROM unnest(p."longTermConditions") c) >= ${MULTI_MORBIDITY_MIN_CONDITIONS}
        AND NOT EXISTS (
          SELECT 1 FROM "Appointment" a JOIN "ClinicDay" d ON d."id" = a."clinicDayId"
          WHERE a."patientId" = p."id" AND a."kind" = 'WRAP_AROUND'
            AND a."status"::text IN (${Prisma.join([...SEEN_OR_WAITING_STATUSES])}) AND d."date" >= ${today}::date)
        ${leaveOut}
      ORDER BY p."familyName", p."givenName", p."id"
      LIMIT ${MAX_INVITATIONS_AT_ONCE}`;
    const ids = matches.map((m) => m.id);
    const rows = await tx.patient.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        givenName: true,
        familyName: true,
        nhsNumber: true,
        ...CONSENT_FACTS,
        practice: { select: { name: true } },
        links: {
          orderBy: { createdAt: "desc" },
          take: 1,
          select: { createdAt: true, expiresAt: true, usedAt: true, cancelledAt: true, lockedAt: true },
        },
      },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const patients = ids.map((id): InvitablePatient => {
      const p = byId.get(id)!;
      const last = p.links[0];
      return {
        id,
        givenName: p.givenName,
        familyName: p.familyName,
        nhsNumber: p.nhsNumber,
        practiceName: p.practice.name,
        channels: reminderChannels(p),
        refused: (["SMS", "EMAIL"] as const).map((c) => reminderRefusal(p, c)).filter((r): r is string => r !== null),
        // The latest link is the only one that can be open: a new invitation cancels the earlier one.
        openLink: last ? linkState(last, now) === "OPEN" : false,
        lastInvitedAt: last ? last.createdAt.toISOString() : null,
      };
    });
    const total = matches.length > 0 ? Number(matches[0].total) : 0;
    await recordPatientViews(
      tx,
      {
        actor: ctx.actor,
        action: "patient.invite-list",
        entityType: "Patient",
        request: ctx.request,
        details: { practiceId: filter.practiceId ?? null, leaveOut: filter.leaveOut, withinDays: filter.withinDays, listed: patients.length, total },
      },
      ids,
    );
    return { filter, patients, total, limit: MAX_INVITATIONS_AT_ONCE, reach: reachCounts(patients.map((p) => p.channels)) };
  });
}
