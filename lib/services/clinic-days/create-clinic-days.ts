import { assertPermission } from "@/lib/auth/permissions";
import { isExclusionViolation, isUniqueViolation } from "@/lib/db/errors";
import { previewSeries } from "@/lib/clinic-day/series-preview";
import { AppError } from "@/lib/errors/app-error";
import { generateSessionSlots, londonWallTimeToInstant, weeklySeriesDates } from "@/lib/schedule";
import { createClinicDaysSchema, templateSessionsSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { findRosterClashes } from "@/lib/services/clinic-days/internal/roster-clash";

/**
 * Creates one clinic day, or a weekly series, from a template. Every session and
 * slot is laid out by Europe/London wall-clock time, so a 09:00 clinic is 09:00
 * on both sides of a clock change. All days are created or none.
 */
export async function createClinicDays(ctx: ServiceContext, input: unknown): Promise<{ ids: string[]; dates: string[] }> {
  assertPermission(ctx.actor, "clinic-day:manage");
  const { templateId, firstDate, weeks } = parseInput(createClinicDaysSchema, input);
  const dates = weeklySeriesDates(firstDate, weeks);
  try {
    const ids = await ctx.db.$transaction(
      async (tx) => {
        const template = await tx.clinicTemplate.findUnique({ where: { id: templateId }, include: { clinic: true } });
        if (!template || template.clinic.pcnId !== ctx.actor.pcnId || !template.active) {
          throw new AppError("NOT_FOUND", "That clinic template was not found");
        }
        const sessions = parseInput(templateSessionsSchema, template.sessions);
        const created: string[] = [];
        for (const date of dates) {
          const day = await tx.clinicDay.create({
            data: { clinicId: template.clinicId, templateId, date: new Date(`${date}T00:00:00Z`) },
            select: { id: true },
          });
          for (const session of sessions) {
            const startsAt = londonWallTimeToInstant(date, session.start);
            const endsAt = londonWallTimeToInstant(date, session.end);
            const row = await tx.clinicSession.create({
              data: {
                clinicDayId: day.id,
                kind: session.kind,
                startsAt,
                endsAt,
                slotMinutes: session.slotMinutes,
                roomId: session.roomId ?? null,
                staff: { create: session.staffIds.map((staffId, column) => ({ staffId, column, startsAt, endsAt })) },
              },
              select: { id: true },
            });
            const slots = generateSessionSlots({
              date,
              start: session.start,
              end: session.end,
              slotMinutes: session.slotMinutes,
              columns: session.staffIds.length,
            });
            await tx.slot.createMany({
              data: slots.map((slot) => ({
                sessionId: row.id,
                column: slot.column,
                startsAt: slot.startsAt,
                endsAt: slot.endsAt,
                staffId: session.staffIds[slot.column],
                roomId: session.roomId ?? null,
              })),
            });
          }
          await recordAudit(tx, {
            actor: ctx.actor,
            action: "clinic-day.create",
            entityType: "ClinicDay",
            entityId: day.id,
            request: ctx.request,
            details: { date, templateId },
          });
          created.push(day.id);
        }
        return created;
      },
      { timeout: 60_000 },
    );
    return { ids, dates };
  } catch (error) {
    if (isExclusionViolation(error)) {
      const template = await ctx.db.clinicTemplate.findUnique({ where: { id: templateId } });
      const parsed = templateSessionsSchema.safeParse(template?.sessions);
      const clashes = parsed.success ? await findRosterClashes(ctx.db, previewSeries(firstDate, weeks, parsed.data)) : new Map<string, string[]>();
      const named = [...clashes].flatMap(([date, list]) => list.map((c) => `${date}: ${c}`));
      throw new AppError(
        "CONFLICT",
        named.length > 0
          ? `Someone on this template is already rostered at an overlapping time (${named.join("; ")}). Nothing was created.`
          : "A member of staff on this template is already rostered in an overlapping session on one of those dates. Nothing was created.",
      );
    }
    if (isUniqueViolation(error)) {
      const taken = await ctx.db.clinicDay.findMany({
        where: { date: { in: dates.map((d) => new Date(`${d}T00:00:00Z`)) }, clinic: { templates: { some: { id: templateId } } } },
        select: { date: true },
      });
      const list = taken.map((d) => d.date.toISOString().slice(0, 10)).join(", ");
      throw new AppError("CONFLICT", `This clinic already has a clinic day on ${list || "one of those dates"}. Nothing was created.`);
    }
    throw error;
  }
}
