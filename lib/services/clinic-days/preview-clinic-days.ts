import { assertPermission } from "@/lib/auth/permissions";
import type { SessionKind } from "@/lib/db/generated/enums";
import { previewSeries } from "@/lib/clinic-day/series-preview";
import { AppError } from "@/lib/errors/app-error";
import { createClinicDaysSchema, templateSessionsSchema } from "@/lib/validation/clinic-day";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { findRosterClashes } from "@/lib/services/clinic-days/internal/roster-clash";

export type ClinicDayPreview = {
  templateName: string;
  clinicName: string;
  days: Array<{
    date: string;
    sessions: Array<{ kind: SessionKind; start: string; end: string; staff: string[] }>;
    /** Why this date cannot be created as it stands; empty when it can. */
    clashes: string[];
  }>;
};

/**
 * Shows what createClinicDays would create, with each session's London times,
 * and names any date that would clash (the clinic already runs that day, or
 * someone rostered is already working an overlapping session). Changes nothing.
 */
export async function previewClinicDays(ctx: ServiceContext, input: unknown): Promise<ClinicDayPreview> {
  assertPermission(ctx.actor, "clinic-day:manage");
  const { templateId, firstDate, weeks } = parseInput(createClinicDaysSchema, input);
  const template = await ctx.db.clinicTemplate.findUnique({ where: { id: templateId }, include: { clinic: true } });
  if (!template || template.clinic.pcnId !== ctx.actor.pcnId || !template.active) {
    throw new AppError("NOT_FOUND", "That clinic template was not found");
  }
  const sessions = parseInput(templateSessionsSchema, template.sessions);
  const days = previewSeries(firstDate, weeks, sessions);
  const staffIds = [...new Set(sessions.flatMap((s) => s.staffIds))];
  const [staff, existing, rosterClashes] = await Promise.all([
    ctx.db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }),
    ctx.db.clinicDay.findMany({
      where: { clinicId: template.clinicId, date: { in: days.map((d) => new Date(`${d.date}T00:00:00Z`)) } },
      select: { date: true, status: true },
    }),
    findRosterClashes(ctx.db, days),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const taken = new Map(existing.map((d) => [d.date.toISOString().slice(0, 10), d.status]));
  return {
    templateName: template.name,
    clinicName: template.clinic.name,
    days: days.map((day) => {
      const clashes: string[] = [];
      const status = taken.get(day.date);
      if (status) clashes.push(`${template.clinic.name} already has a ${status === "CANCELLED" ? "cancelled " : ""}clinic day on this date`);
      // A day the clinic already runs clashes with its own roster; say only that.
      else clashes.push(...(rosterClashes.get(day.date) ?? []));
      return {
        date: day.date,
        sessions: day.sessions.map((s) => ({ kind: s.kind, start: s.start, end: s.end, staff: s.staffIds.map((id) => names.get(id) ?? "Unknown") })),
        clashes,
      };
    }),
  };
}
