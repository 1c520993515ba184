/**
 * A morning that does not happen (did not attend, cancelled) frees the
 * patient's afternoon, and the freed capacity goes to the day's waitlist at
 * once, inside the caller's transaction.
 *
 * Lock order, shared with recordPhq4: the morning appointment row (changed by
 * the caller, or referenced by the PHQ-4 insert), then the clinic day row, then
 * afternoon appointments. Taking the day row before any afternoon row in every
 * path means two of these never wait on each other in opposite orders.
 */
import type { DbTx } from "@/lib/db/client";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { routePatientAfternoon } from "./route-afternoon";

const ACTIVE = ["BOOKED", "ARRIVED", "FULFILLED", "NOSHOW"] as const;
type AfternoonKind = "TALKING_THERAPIES" | "GP";

export const FREED_SLOT_RESOLUTION = "Booked into a freed slot";

export async function lockClinicDay(tx: DbTx, clinicDayId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "ClinicDay" WHERE id = ${clinicDayId}::uuid FOR UPDATE`;
}

export type FreedAfternoon = {
  freed: Array<{ kind: AfternoonKind }>;
  /** Waitlisted patients of the day booked into the freed capacity. */
  rebooked: number;
};

export async function freeAfternoonOfMorning(
  tx: DbTx,
  ctx: ServiceContext,
  input: { clinicDayId: string; patientId: string; cancelReason: string },
): Promise<FreedAfternoon> {
  await lockClinicDay(tx, input.clinicDayId);
  const day = await tx.clinicDay.findUniqueOrThrow({ where: { id: input.clinicDayId }, select: { id: true, clinicId: true } });
  const afternoon = await tx.appointment.findMany({
    where: { clinicDayId: day.id, patientId: input.patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { in: [...ACTIVE] } },
    select: { id: true, kind: true },
  });
  if (afternoon.length > 0) {
    await tx.appointment.updateMany({
      where: { id: { in: afternoon.map((a) => a.id) } },
      data: { status: "CANCELLED", activeSlotId: null, cancelledAt: new Date(), cancelReason: input.cancelReason },
    });
    for (const a of afternoon) {
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.unroute",
        patientId: input.patientId,
        entityType: "Appointment",
        entityId: a.id,
        request: ctx.request,
        details: { kind: a.kind, reason: input.cancelReason },
      });
    }
  }
  const ownEntries = await tx.waitlistEntry.findMany({
    // An entry waiting for a later day's triage review is not this day's to close.
    where: { patientId: input.patientId, fromClinicDayId: day.id, forClinicDayId: null, openClinicId: { not: null } },
    select: { id: true, kind: true },
  });
  for (const entry of ownEntries) {
    await tx.waitlistEntry.update({
      where: { id: entry.id },
      data: { openClinicId: null, resolvedAt: new Date(), resolvedById: ctx.actor.id, resolution: `No longer needed: ${input.cancelReason}` },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "waitlist.close",
      patientId: input.patientId,
      entityType: "WaitlistEntry",
      entityId: entry.id,
      request: ctx.request,
      details: { kind: entry.kind, reason: input.cancelReason },
    });
  }
  const freed = afternoon.map((a) => ({ kind: a.kind as AfternoonKind }));
  const rebooked = freed.length > 0 ? await reallocateFreedCapacity(tx, ctx, day, new Set(freed.map((f) => f.kind))) : 0;
  return { freed, rebooked };
}

/**
 * Routes the day's waitlisted patients again, oldest entry first, each with
 * their current routing (the latest PHQ-4, or a clinician's override if that
 * was the last word). An entry is resolved once its kind is booked.
 */
async function reallocateFreedCapacity(
  tx: DbTx,
  ctx: ServiceContext,
  day: { id: string; clinicId: string },
  kinds: Set<AfternoonKind>,
): Promise<number> {
  const entries = await tx.waitlistEntry.findMany({
    // Entries waiting for a particular later day (triage reviews) are not booked into this one.
    where: { fromClinicDayId: day.id, forClinicDayId: null, openClinicId: { not: null }, kind: { in: [...kinds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  let rebooked = 0;
  const routed = new Set<string>();
  for (const entry of entries) {
    // A patient waiting for both kinds is routed once; the second entry is settled by the first routing.
    if (routed.has(entry.patientId)) {
      if (await settleIfBooked(tx, ctx, day.id, entry)) rebooked++;
      continue;
    }
    const morning = await tx.appointment.findFirst({
      where: { clinicDayId: day.id, patientId: entry.patientId, kind: "WRAP_AROUND", status: { in: ["ARRIVED", "FULFILLED"] } },
      include: { slot: { select: { endsAt: true } } },
    });
    if (!morning) continue;
    const assessment = await tx.phq4Assessment.findFirst({ where: { appointmentId: morning.id, amendedBy: null }, orderBy: { recordedAt: "desc" } });
    const lastDecision = await tx.routingDecision.findFirst({
      where: { clinicDayId: day.id, patientId: entry.patientId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    await routePatientAfternoon(tx, ctx, {
      clinicDayId: day.id,
      patientId: entry.patientId,
      phq4Total: assessment?.total ?? null,
      phq4AssessmentId: assessment?.id,
      earliestStart: morning.slot.endsAt,
      override: lastDecision?.override ? { talkingTherapies: lastDecision.talkingTherapies, reason: lastDecision.reason } : undefined,
    });
    routed.add(entry.patientId);
    if (await settleIfBooked(tx, ctx, day.id, entry)) rebooked++;
  }
  return rebooked;
}

async function settleIfBooked(tx: DbTx, ctx: ServiceContext, clinicDayId: string, entry: { id: string; patientId: string; kind: string }): Promise<boolean> {
  const booked = await tx.appointment.count({
    where: { clinicDayId, patientId: entry.patientId, kind: entry.kind as AfternoonKind, activeSlotId: { not: null } },
  });
  if (booked === 0) return false;
  const { count } = await tx.waitlistEntry.updateMany({
    where: { id: entry.id, openClinicId: { not: null } },
    data: { openClinicId: null, resolvedAt: new Date(), resolvedById: ctx.actor.id, resolution: FREED_SLOT_RESOLUTION },
  });
  if (count === 1) {
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "waitlist.resolve",
      patientId: entry.patientId,
      entityType: "WaitlistEntry",
      entityId: entry.id,
      request: ctx.request,
      details: { kind: entry.kind, resolution: FREED_SLOT_RESOLUTION },
    });
  }
  return count === 1;
}
