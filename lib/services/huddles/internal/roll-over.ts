/**
 * Closes a huddle and carries its undecided cases (not reached, or deferred) to
 * the next huddle of the PCN, made for the next weekday at the same time and
 * with the same people when none is scheduled yet. Each carried case is a new
 * row pointing at the one it came from; the old row becomes ROLLED_OVER, so
 * nothing that happened at the earlier huddle is rewritten.
 */
import type { DbTx } from "@/lib/db/client";
import type { Actor, RequestInfo } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { CARRIED_STATUSES, nextHuddleDate, planRollOver, rollOverDate } from "@/lib/huddle/roll-over";
import { instantToLondonTime, londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { dateOnly, dateOnlyToDb } from "@/lib/schedule/date-only";
import { AppError } from "@/lib/errors/app-error";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";

export type RollOverResult = {
  huddleId: string;
  nextHuddleId: string;
  nextDate: string;
  carried: Array<{ fromCaseId: string; caseId: string; patientId: string }>;
};

export async function rollOverHuddle(
  tx: DbTx,
  /** Who closed it; null when it was closed automatically, the day after (then the huddle's creator makes the next one). */
  actor: Pick<Actor, "id" | "email"> | null,
  huddle: { id: string; pcnId: string; date: Date; startsAt: Date; durationMinutes: number; createdById: string },
  request: RequestInfo | undefined,
  now: Date,
): Promise<RollOverResult | null> {
  // Claim the huddle first: a second roll-over at the same time finds it closed
  // (refused when someone asked for it; nothing to do when it was automatic).
  const { count } = await tx.huddle.updateMany({ where: { id: huddle.id, closedAt: null }, data: { closedAt: now } });
  if (count !== 1) {
    if (actor === null) return null;
    throw new AppError("CONFLICT", "This huddle was already closed and its cases carried over. Refresh the page.");
  }

  const cases = await tx.huddleCase.findMany({ where: { huddleId: huddle.id, status: { in: [...CARRIED_STATUSES] } } });
  const date = dateOnly(huddle.date);
  const nextDate = rollOverDate(date, londonToday(now));
  // The first huddle from that date still open; a new one after any that are closed.
  const later = await tx.huddle.findMany({ where: { pcnId: huddle.pcnId, date: { gte: dateOnlyToDb(nextDate) } }, orderBy: { date: "asc" } });
  let next = later.find((h) => h.closedAt === null) ?? null;
  if (!next) {
    const newDate = later.length > 0 ? nextHuddleDate(dateOnly(later[later.length - 1].date)) : nextDate;
    next = await tx.huddle.create({
      data: {
        pcnId: huddle.pcnId,
        date: dateOnlyToDb(newDate),
        startsAt: londonWallTimeToInstant(newDate, instantToLondonTime(huddle.startsAt)),
        durationMinutes: huddle.durationMinutes,
        createdById: actor?.id ?? huddle.createdById,
      },
    });
    const attendees = await tx.huddleAttendee.findMany({ where: { huddleId: huddle.id }, select: { staffId: true } });
    await tx.huddleAttendee.createMany({ data: attendees.map((a) => ({ huddleId: next!.id, staffId: a.staffId })) });
  }

  const risks = await loadOpenRisks(
    tx,
    cases.map((c) => c.patientId),
  );
  const last = await tx.huddleCase.aggregate({ where: { huddleId: next.id }, _max: { position: true } });
  const plan = planRollOver(
    cases.map((c) => ({ id: c.id, status: c.status, openRisk: risks.has(c.patientId), broughtAt: c.broughtAt, position: c.position })),
    last._max.position ?? 0,
  );
  const byId = new Map(cases.map((c) => [c.id, c]));
  const carried: RollOverResult["carried"] = [];
  for (const step of plan) {
    const from = byId.get(step.fromCaseId)!;
    // The old row leaves the open set before the new one joins it (one open case per patient).
    const moved = await tx.huddleCase.updateMany({ where: { id: from.id, status: from.status }, data: { status: "ROLLED_OVER" } });
    if (moved.count !== 1) throw new AppError("CONFLICT", "A case changed while the huddle was being closed. Refresh the page.");
    const created = await tx.huddleCase.create({
      data: {
        huddleId: next.id,
        patientId: from.patientId,
        broughtById: from.broughtById,
        question: from.question,
        broughtAt: from.broughtAt,
        position: step.position,
        rolledFromId: from.id,
      },
    });
    carried.push({ fromCaseId: from.id, caseId: created.id, patientId: from.patientId });
    await recordAudit(tx, {
      actor,
      action: "huddle.case.roll-over",
      patientId: from.patientId,
      entityType: "HuddleCase",
      entityId: created.id,
      request,
      details: {
        fromCaseId: from.id,
        fromHuddleId: huddle.id,
        toHuddleId: next.id,
        wasDeferred: from.status === "DEFERRED",
        automatic: actor === null,
      },
    });
  }
  await recordAudit(tx, {
    actor,
    action: "huddle.close",
    entityType: "Huddle",
    entityId: huddle.id,
    request,
    details: { date, nextHuddleId: next.id, carried: carried.length, automatic: actor === null },
  });
  return { huddleId: huddle.id, nextHuddleId: next.id, nextDate: dateOnly(next.date), carried };
}

/**
 * Cases not reached roll on by themselves: any huddle of the PCN still open
 * after its day is closed, earliest first, and its cases carried forward
 * (audited with no actor, as automatic). Called before today's huddle is read.
 */
export async function rollOverPastHuddles(tx: DbTx, pcnId: string, request: RequestInfo | undefined, now: Date): Promise<number> {
  const today = dateOnlyToDb(londonToday(now));
  let closed = 0;
  // Bounded: each turn closes one huddle dated before today, and a new huddle is never dated before today.
  for (;;) {
    const past = await tx.huddle.findFirst({ where: { pcnId, closedAt: null, date: { lt: today } }, orderBy: { date: "asc" } });
    if (!past) return closed;
    await rollOverHuddle(tx, null, past, request, now);
    closed++;
  }
}
