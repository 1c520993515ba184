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
import { CARRIED_STATUSES, nextHuddleDate, planRollOver } from "@/lib/huddle/roll-over";
import { instantToLondonTime, londonWallTimeToInstant } from "@/lib/schedule";
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
  actor: Pick<Actor, "id" | "email">,
  huddle: { id: string; pcnId: string; date: Date; startsAt: Date; durationMinutes: number },
  request: RequestInfo | undefined,
  now: Date,
): Promise<RollOverResult> {
  // Claim the huddle first: a second roll-over at the same time finds it closed.
  const { count } = await tx.huddle.updateMany({ where: { id: huddle.id, closedAt: null }, data: { closedAt: now } });
  if (count !== 1) throw new AppError("CONFLICT", "This huddle was already closed and its cases carried over. Refresh the page.");

  const cases = await tx.huddleCase.findMany({ where: { huddleId: huddle.id, status: { in: [...CARRIED_STATUSES] } } });
  const date = dateOnly(huddle.date);
  let next = await tx.huddle.findFirst({ where: { pcnId: huddle.pcnId, date: { gt: huddle.date } }, orderBy: { date: "asc" } });
  if (!next) {
    const nextDate = nextHuddleDate(date);
    next = await tx.huddle.create({
      data: {
        pcnId: huddle.pcnId,
        date: dateOnlyToDb(nextDate),
        startsAt: londonWallTimeToInstant(nextDate, instantToLondonTime(huddle.startsAt)),
        durationMinutes: huddle.durationMinutes,
        createdById: actor.id,
      },
    });
    const attendees = await tx.huddleAttendee.findMany({ where: { huddleId: huddle.id }, select: { staffId: true } });
    await tx.huddleAttendee.createMany({ data: attendees.map((a) => ({ huddleId: next!.id, staffId: a.staffId })) });
  }
  if (next.closedAt) throw new AppError("CONFLICT", "The next huddle is already closed; ask the clinic lead to schedule another.");

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
      details: { fromCaseId: from.id, fromHuddleId: huddle.id, toHuddleId: next.id, wasDeferred: from.status === "DEFERRED" },
    });
  }
  await recordAudit(tx, {
    actor,
    action: "huddle.close",
    entityType: "Huddle",
    entityId: huddle.id,
    request,
    details: { date, nextHuddleId: next.id, carried: carried.length },
  });
  return { huddleId: huddle.id, nextHuddleId: next.id, nextDate: dateOnly(next.date), carried };
}
