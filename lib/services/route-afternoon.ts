/**
 * Stores the allocator's plan for one patient's afternoon inside the caller's
 * transaction: frees afternoon appointments that no longer fit the routing,
 * books the new ones, opens waitlist entries, and records the decision.
 * The clinic day row is locked first, so two routings of one afternoon never
 * interleave; the unique activeSlotId index remains the last line of defence.
 */
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { allocateAfternoon, needsTalkingTherapies, routingReason, type AfternoonSlot } from "@/lib/routing/allocate";
import { formatLondon } from "@/lib/schedule";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";

const ACTIVE = ["BOOKED", "ARRIVED", "FULFILLED", "NOSHOW"] as const;

export type RoutingOutcome = {
  talkingTherapies: boolean;
  reason: string;
  appointments: Array<{ kind: "TALKING_THERAPIES" | "GP"; startsAt: Date; staffName: string | null }>;
  waitlisted: Array<{ kind: "TALKING_THERAPIES" | "GP"; reason: string }>;
};

export async function routePatientAfternoon(
  tx: DbTx,
  ctx: ServiceContext,
  input: {
    clinicDayId: string;
    patientId: string;
    phq4Total: number | null;
    phq4AssessmentId?: string;
    earliestStart: Date;
    /** A clinician's decision that replaces the score's: include or exclude Talking Therapies, with the reason staff will see. */
    override?: { talkingTherapies: boolean; reason: string };
  },
): Promise<RoutingOutcome> {
  await tx.$queryRaw`SELECT id FROM "ClinicDay" WHERE id = ${input.clinicDayId}::uuid FOR UPDATE`;
  const day = await tx.clinicDay.findUniqueOrThrow({ where: { id: input.clinicDayId }, include: { clinic: true } });
  const { phq4Threshold: threshold, handoverGapMinutes } = day.clinic;
  const positive = input.override ? input.override.talkingTherapies : needsTalkingTherapies(input.phq4Total, threshold);
  const reason = input.override ? input.override.reason : routingReason(input.phq4Total, threshold);
  // The allocator routes by score; an override is expressed as the score that routes the same way.
  const allocatorTotal = input.override ? (positive ? threshold : null) : input.phq4Total;

  const current = await tx.appointment.findMany({
    where: { clinicDayId: day.id, patientId: input.patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { in: [...ACTIVE] } },
  });
  const hasTherapy = current.some((a) => a.kind === "TALKING_THERAPIES");
  const hasGp = current.some((a) => a.kind === "GP");
  // Keep what still fits, to spare the patient a new time: a screen that turned
  // negative keeps its GP appointment and frees only the therapy slot; a screen
  // that turned positive needs therapy first, so its afternoon is planned afresh.
  const keepAll = hasGp && hasTherapy === positive;
  const keepGpOnly = !positive && hasGp && hasTherapy;
  const cancelled = keepAll ? [] : keepGpOnly ? current.filter((a) => a.kind === "TALKING_THERAPIES") : current;
  const kept = current.filter((a) => !cancelled.includes(a));
  if (cancelled.length > 0) {
    await tx.appointment.updateMany({
      where: { id: { in: cancelled.map((a) => a.id) } },
      data: { status: "CANCELLED", activeSlotId: null, cancelledAt: new Date(), cancelReason: `Re-routed: ${reason}` },
    });
    for (const a of cancelled) {
      await recordAudit(tx, { actor: ctx.actor, action: "appointment.unroute", patientId: input.patientId, entityType: "Appointment", entityId: a.id, request: ctx.request, details: { kind: a.kind, reason } });
    }
  }
  const unchanged = keepAll || keepGpOnly;

  const outcome: RoutingOutcome = { talkingTherapies: positive, reason, appointments: [], waitlisted: [] };
  if (!unchanged) {
    const slots = await tx.slot.findMany({
      where: { session: { clinicDayId: day.id, kind: { in: ["TALKING_THERAPIES", "GP"] } } },
      include: { session: { select: { kind: true } } },
    });
    const taken = await tx.appointment.findMany({
      where: { clinicDayId: day.id, activeSlotId: { not: null } },
      select: { slotId: true },
    });
    const plan = allocateAfternoon({
      slots: slots.map(
        (s): AfternoonSlot => ({
          id: s.id,
          kind: s.session.kind as AfternoonSlot["kind"],
          staffId: s.staffId ?? `column-${s.column}`,
          startsAt: s.startsAt.getTime(),
          endsAt: s.endsAt.getTime(),
        }),
      ),
      takenSlotIds: taken.map((t) => t.slotId),
      patients: [{ patientId: input.patientId, phq4Total: allocatorTotal, earliestStart: input.earliestStart.getTime() }],
      rules: { threshold, handoverGapMinutes },
    });
    const staffIds = [...new Set(plan.appointments.map((a) => a.staffId))];
    const staff = new Map((await tx.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
    for (const planned of plan.appointments) {
      const appointment = await tx.appointment.create({
        data: {
          patientId: input.patientId,
          clinicDayId: day.id,
          slotId: planned.slotId,
          activeSlotId: planned.slotId,
          kind: planned.kind,
          bookedById: ctx.actor.id,
          reason,
        },
      });
      outcome.appointments.push({ kind: planned.kind, startsAt: new Date(planned.startsAt), staffName: staff.get(planned.staffId) ?? null });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.route",
        patientId: input.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { kind: planned.kind, at: formatLondon(new Date(planned.startsAt), "HH:mm"), reason },
      });
    }
    for (const entry of plan.waitlist) {
      await tx.waitlistEntry.upsert({
        where: { patientId_kind_openClinicId: { patientId: input.patientId, kind: entry.kind, openClinicId: day.clinicId } },
        create: { clinicId: day.clinicId, openClinicId: day.clinicId, patientId: input.patientId, kind: entry.kind, reason: entry.reason, fromClinicDayId: day.id },
        update: { reason: entry.reason, fromClinicDayId: day.id },
      });
      outcome.waitlisted.push({ kind: entry.kind, reason: entry.reason });
      await recordAudit(tx, { actor: ctx.actor, action: "waitlist.add", patientId: input.patientId, entityType: "WaitlistEntry", request: ctx.request, details: { kind: entry.kind, reason: entry.reason } });
    }
  } else {
    for (const a of kept) {
      const slot = await tx.slot.findUniqueOrThrow({ where: { id: a.slotId }, include: { staff: { select: { name: true } } } });
      outcome.appointments.push({ kind: a.kind as "TALKING_THERAPIES" | "GP", startsAt: slot.startsAt, staffName: slot.staff?.name ?? null });
    }
  }
  // A negative routing closes a Talking Therapies waitlist entry this routing had opened.
  if (!positive) {
    await tx.waitlistEntry.updateMany({
      where: { patientId: input.patientId, kind: "TALKING_THERAPIES", openClinicId: day.clinicId, fromClinicDayId: day.id, forClinicDayId: null },
      data: { openClinicId: null, resolvedAt: new Date(), resolvedById: ctx.actor.id, resolution: `No longer needed: ${reason}` },
    });
  }
  await tx.routingDecision.create({
    data: {
      clinicDayId: day.id,
      patientId: input.patientId,
      phq4AssessmentId: input.phq4AssessmentId,
      talkingTherapies: positive,
      reason,
      override: Boolean(input.override),
      actorId: ctx.actor.id,
    },
  });
  if (positive && !outcome.appointments.some((a) => a.kind === "TALKING_THERAPIES") && outcome.waitlisted.length === 0) {
    // The allocator always books or waitlists a positive screen; reaching here would be a defect.
    throw new AppError("CONFLICT", "The afternoon could not be routed: a positive screen was neither booked nor waitlisted. Nothing was saved.");
  }
  return outcome;
}
