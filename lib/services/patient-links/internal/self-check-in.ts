/**
 * The one self check-in step, for a patient's own link and for the desk's check-in code: the same change as the
 * desk's check-in (BOOKED → ARRIVED, once, conditional on the status), marked selfCheckedIn so the flow board says
 * "Arrived (self check-in)" and reception's undo clears it. A patient already routed that day (checked in, then
 * undone) is left to the desk, which puts their afternoon back as it needs. Writes nothing unless it checks in.
 */
import type { DbTx } from "@/lib/db/client";
import type { RequestInfo } from "@/lib/db/context";
import { recordAudit, type AuditEntry } from "@/lib/db/audit";
import { markReviewOnArrival } from "@/lib/services/care-plans/internal/review-on-arrival";
import { PATIENT_LINK_ACTOR } from "./link-audit";

export async function selfCheckIn(
  tx: DbTx,
  appointment: { id: string; clinicDayId: string; patientId: string; date: string },
  now: Date,
  request: RequestInfo | undefined,
  audit: AuditEntry,
): Promise<"ARRIVED" | "ROUTED" | "NOT_BOOKED"> {
  if (await tx.routingDecision.count({ where: { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId } })) return "ROUTED";
  const { count } = await tx.appointment.updateMany({
    where: { id: appointment.id, status: "BOOKED" },
    data: { status: "ARRIVED", checkedInAt: now, selfCheckedIn: true },
  });
  if (count !== 1) return "NOT_BOOKED";
  await recordAudit(tx, audit);
  await markReviewOnArrival(
    tx,
    { actor: null, actorEmail: audit.actorEmail ?? PATIENT_LINK_ACTOR, request },
    { patientId: appointment.patientId, date: appointment.date, at: now, appointmentId: appointment.id },
  );
  return "ARRIVED";
}
