/**
 * The database half of a template's validation, shared by creating and editing
 * one: rooms belong to the clinic's site, and everyone rostered is active staff
 * of the PCN with the role the session needs.
 */
import type { DbTx } from "@/lib/db/client";
import { type TemplateSession } from "@/lib/validation/clinic-day";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { canWorkSession, SESSION_KIND_NEEDS } from "@/lib/clinic-day/roles";
import { AppError } from "@/lib/errors/app-error";

export async function checkTemplateSessions(tx: DbTx, scope: { pcnId: string; siteId: string }, sessions: readonly TemplateSession[]): Promise<void> {
  const roomIds = [...new Set(sessions.flatMap((s) => (s.roomId ? [s.roomId] : [])))];
  const rooms = await tx.room.findMany({ where: { id: { in: roomIds }, siteId: scope.siteId }, select: { id: true } });
  const roomOk = new Set(rooms.map((r) => r.id));
  const staffIds = [...new Set(sessions.flatMap((s) => s.staffIds))];
  const staff = await tx.staffUser.findMany({
    where: { id: { in: staffIds }, pcnId: scope.pcnId, active: true },
    select: { id: true, name: true, roles: true },
  });
  const byId = new Map(staff.map((s) => [s.id, s]));
  const fieldErrors: Record<string, string> = {};
  sessions.forEach((session, index) => {
    const label = SESSION_KIND_LABELS[session.kind];
    if (session.roomId && !roomOk.has(session.roomId)) {
      fieldErrors[`sessions.${index}.roomId`] = `Choose a room at the clinic's site for the ${label} session`;
    }
    for (const id of session.staffIds) {
      const person = byId.get(id);
      if (!person) {
        fieldErrors[`sessions.${index}.staffIds`] ??= `Roster only active staff of your PCN in the ${label} session`;
      } else if (!canWorkSession(person.roles, session.kind)) {
        fieldErrors[`sessions.${index}.staffIds`] ??= `${person.name} cannot work the ${label} session: it needs ${SESSION_KIND_NEEDS[session.kind]}`;
      }
    }
  });
  const first = Object.values(fieldErrors)[0];
  if (first) throw new AppError("VALIDATION", first, { fieldErrors });
}
