import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { isUniqueViolation, uniqueTarget } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { dateOnly, dateOnlyToDb } from "@/lib/schedule/date-only";
import { bringCaseSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import type { ClockOption } from "@/lib/db/context";

/**
 * A GP, Talking Therapies clinician or the clinic lead brings one of the PCN's
 * patients to a huddle with a question ("not sure which service"). It goes to
 * the huddle named, or the PCN's next open huddle from today. A patient is on
 * at most one open case at a time (the database refuses a second).
 */
export async function bringCase(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ caseId: string; huddleId: string; huddleDate: string; position: number }> {
  assertPermission(ctx.actor, "huddle:bring");
  const { patientId, question, huddleId } = parseInput(bringCaseSchema, input);
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const patient = await tx.patient.findFirst({ where: { id: patientId, practice: { pcnId: ctx.actor.pcnId } }, select: { id: true } });
      if (!patient) throw new AppError("NOT_FOUND", "That patient was not found.");
      const huddle = await tx.huddle.findFirst({
        where: { pcnId: ctx.actor.pcnId, closedAt: null, date: { gte: dateOnlyToDb(today) }, ...(huddleId ? { id: huddleId } : {}) },
        orderBy: { date: "asc" },
      });
      if (!huddle)
        throw new AppError(
          huddleId ? "NOT_FOUND" : "CONFLICT",
          huddleId ? "That huddle was not found, or it has already taken place." : "No huddle is scheduled yet. Ask the clinic lead to schedule one.",
        );
      // Lock the huddle's row so two cases brought at once take different places.
      await tx.$queryRaw`SELECT id FROM "Huddle" WHERE id = ${huddle.id}::uuid FOR UPDATE`;
      const last = await tx.huddleCase.aggregate({ where: { huddleId: huddle.id }, _max: { position: true } });
      const position = (last._max.position ?? 0) + 1;
      const created = await tx.huddleCase.create({
        data: { huddleId: huddle.id, patientId, broughtById: ctx.actor.id, question, broughtAt: now, position },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "huddle.case.bring",
        patientId,
        entityType: "HuddleCase",
        entityId: created.id,
        request: ctx.request,
        details: { huddleId: huddle.id, huddleDate: dateOnly(huddle.date) },
      });
      return { caseId: created.id, huddleId: huddle.id, huddleDate: dateOnly(huddle.date), position };
    });
  } catch (error) {
    if (isUniqueViolation(error) && uniqueTarget(error).some((t) => t.includes("patientId") || t.includes("one_open_per_patient")))
      throw new AppError("CONFLICT", "This patient is already waiting for a huddle decision.");
    throw error;
  }
}
