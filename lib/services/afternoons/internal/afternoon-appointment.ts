/**
 * The clinician's "Call in" and "Finished" on the afternoon lists, and the
 * health buddy's "Wrap-around done": the times the flow board reads.
 */
import { assertPermission, hasPermission, type Permission } from "@/lib/auth/permissions";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ServiceContext } from "@/lib/db/context";

const KIND_PERMISSION: Record<"TALKING_THERAPIES" | "GP", Permission> = { TALKING_THERAPIES: "triage:record", GP: "care-plan:write" };

export const ALREADY_UPDATED = "Someone else already updated this appointment. Refresh the page.";

export function assertAfternoonClinician(ctx: ServiceContext) {
  if (!hasPermission(ctx.actor.roles, "triage:record") && !hasPermission(ctx.actor.roles, "care-plan:write")) {
    // Same refusal as assertPermission, so every role without either sees one message.
    assertPermission(ctx.actor, "triage:record");
  }
}

/** An afternoon appointment of the actor's PCN that their role works (Talking Therapies or GP); NOT_FOUND or FORBIDDEN otherwise. */
export async function loadAfternoonAppointment(tx: DbTx, ctx: ServiceContext, appointmentId: string) {
  const appointment = await tx.appointment.findFirst({
    where: { id: appointmentId, kind: { in: ["TALKING_THERAPIES", "GP"] }, clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } },
    include: { clinicDay: true, patient: { select: { givenName: true, familyName: true } } },
  });
  if (!appointment) throw new AppError("NOT_FOUND", "That appointment was not found. Refresh the page.");
  const kind = appointment.kind as "TALKING_THERAPIES" | "GP";
  assertPermission(ctx.actor, KIND_PERMISSION[kind]);
  return { ...appointment, kind, patientName: `${appointment.patient.givenName} ${appointment.patient.familyName}` };
}
