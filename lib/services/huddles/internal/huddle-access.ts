/**
 * Who may see a huddle. The PCN's clinicians see every huddle of their PCN; a
 * mental health partner only the huddles they are listed for. Any other huddle
 * (another PCN's, or one the partner does not attend) is "not found", so a
 * partner cannot even learn that it exists.
 */
import type { DbTx } from "@/lib/db/client";
import type { Actor } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";

export const HUDDLE_NOT_FOUND = "That huddle was not found. Refresh the page.";

export function isPartner(actor: Pick<Actor, "roles">): boolean {
  return actor.roles.includes("MENTAL_HEALTH_PARTNER") && !actor.roles.some((r) => r === "THERAPIST" || r === "GP" || r === "CLINIC_LEAD");
}

/** A `where` for the huddles this actor may see. */
export function visibleHuddles(actor: Pick<Actor, "id" | "pcnId" | "roles">) {
  return isPartner(actor) ? { pcnId: actor.pcnId, attendees: { some: { staffId: actor.id } } } : { pcnId: actor.pcnId };
}

export async function loadVisibleHuddle(tx: DbTx, actor: Pick<Actor, "id" | "pcnId" | "roles">, huddleId: string) {
  const huddle = await tx.huddle.findFirst({
    where: { id: huddleId, ...visibleHuddles(actor) },
    include: {
      attendees: {
        include: { staff: { select: { id: true, name: true, roles: true, partnerService: true, partnerServiceName: true, active: true } } },
      },
    },
  });
  if (!huddle) throw new AppError("NOT_FOUND", HUDDLE_NOT_FOUND);
  return huddle;
}

/**
 * Recording at a huddle (attendance, decisions) is for those listed for it,
 * and the clinic lead.
 */
export function assertAtHuddle(actor: Pick<Actor, "id" | "roles">, huddle: { attendees: Array<{ staffId: string }> }): void {
  if (actor.roles.includes("CLINIC_LEAD")) return;
  if (!huddle.attendees.some((a) => a.staffId === actor.id))
    throw new AppError("FORBIDDEN", "Only those listed for this huddle record its attendance and decisions. Ask the clinic lead to add you.");
}

export function assertOpen(huddle: { closedAt: Date | null }): void {
  if (huddle.closedAt) throw new AppError("CONFLICT", "This huddle is closed: its undecided cases have gone on to the next huddle.");
}
