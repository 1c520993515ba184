import { assertPermission } from "@/lib/auth/permissions";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import type { MentalHealthService, Role } from "@/lib/db/generated/enums";
import { instantToLondonTime, londonToday } from "@/lib/schedule";
import { dateOnly, dateOnlyToDb } from "@/lib/schedule/date-only";
import { rollOverPastHuddles } from "./internal/roll-over";
import { visibleHuddles } from "./internal/huddle-access";

export type HuddleListing = {
  id: string;
  date: string;
  time: string;
  durationMinutes: number;
  closed: boolean;
  /** Cases still waiting for a decision on it. */
  openCases: number;
  attendees: Array<{ staffId: string; name: string; present: boolean | null }>;
};

export type HuddleSchedule = {
  today: string;
  huddles: HuddleListing[];
  /** Who may be listed for a huddle (the PCN's clinicians and mental health partners), for the clinic lead's choice. */
  eligible: Array<{ id: string; name: string; roles: Role[]; partnerService: MentalHealthService | null; partnerServiceName: string | null }>;
};

/**
 * The PCN's huddles from today on (a mental health partner: those they are
 * listed for), each with its people and how many cases wait on it. No patient
 * is named, so nothing here is a view of a record. Huddles left open after
 * their day are closed first (their cases carried forward), as when today's
 * huddle is read.
 */
export async function listHuddles(ctx: ServiceContext, clock: ClockOption = {}): Promise<HuddleSchedule> {
  assertPermission(ctx.actor, "huddle:view");
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  return ctx.db.$transaction(async (tx) => {
    await rollOverPastHuddles(tx, ctx.actor.pcnId, ctx.request, now);
    const huddles = await tx.huddle.findMany({
      where: { ...visibleHuddles(ctx.actor), date: { gte: dateOnlyToDb(today) } },
      orderBy: { date: "asc" },
      take: 30,
      include: {
        attendees: { include: { staff: { select: { name: true } } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        _count: { select: { cases: { where: { status: "OPEN" } } } },
      },
    });
    const eligible = ctx.actor.roles.includes("CLINIC_LEAD")
      ? await tx.staffUser.findMany({
          where: { pcnId: ctx.actor.pcnId, active: true, roles: { hasSome: ["THERAPIST", "GP", "CLINIC_LEAD", "MENTAL_HEALTH_PARTNER"] } },
          select: { id: true, name: true, roles: true, partnerService: true, partnerServiceName: true },
          orderBy: { name: "asc" },
        })
      : [];
    return {
      today,
      huddles: huddles.map((h) => ({
        id: h.id,
        date: dateOnly(h.date),
        time: instantToLondonTime(h.startsAt),
        durationMinutes: h.durationMinutes,
        closed: h.closedAt !== null,
        openCases: h._count.cases,
        attendees: h.attendees.map((a) => ({ staffId: a.staffId, name: a.staff.name, present: a.present })),
      })),
      eligible,
    };
  });
}
