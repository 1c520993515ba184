/**
 * The clinician's "Call in" and "Finished" on the afternoon lists, and the
 * health buddy's "Wrap-around done": the times the flow board reads.
 */
import { assertPermission, hasPermission, type Permission } from "@/lib/auth/permissions";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { routingReason } from "@/lib/routing/allocate";
import { londonToday } from "@/lib/schedule";
import { appointmentRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ClockOption } from "./book-appointment";
import type { ServiceContext } from "./context";
import { changeStatusIf, loadMorningAppointment } from "./load-appointment";
import { routePatientAfternoon } from "./route-afternoon";

const KIND_PERMISSION: Record<"TALKING_THERAPIES" | "GP", Permission> = { TALKING_THERAPIES: "triage:record", GP: "care-plan:write" };
const KIND_LABEL = { TALKING_THERAPIES: "Talking Therapies", GP: "GP" } as const;

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


/** The clinician calls the patient in: BOOKED → ARRIVED with startedAt. */
export async function startAfternoonAppointment(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; startedAt: Date }> {
  assertAfternoonClinician(ctx);
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
    if (appointment.clinicDay.date.toISOString().slice(0, 10) > londonToday(now)) {
      throw new AppError("VALIDATION", `${appointment.patientName}'s clinic day has not come yet, so they cannot be called in.`);
    }
    await changeStatusIf(tx, appointment, ["BOOKED"], { status: "ARRIVED", startedAt: now }, ALREADY_UPDATED);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.start",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { kind: appointment.kind, clinicDayId: appointment.clinicDayId },
    });
    return { id: appointment.id, startedAt: now };
  });
}

/** The clinician has finished with the patient: ARRIVED → FULFILLED with endedAt. */
export async function finishAfternoonAppointment(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; endedAt: Date }> {
  assertAfternoonClinician(ctx);
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadAfternoonAppointment(tx, ctx, appointmentId);
    await changeStatusIf(tx, appointment, ["ARRIVED"], { status: "FULFILLED", endedAt: now }, ALREADY_UPDATED);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.finish",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { kind: appointment.kind, clinicDayId: appointment.clinicDayId, with: KIND_LABEL[appointment.kind] },
    });
    return { id: appointment.id, endedAt: now };
  });
}

/**
 * The health buddy has finished the wrap-around checks: ARRIVED → FULFILLED
 * with endedAt. Someone leaving the morning without a PHQ-4 is routed to a GP.
 */
export async function finishMorningAppointment(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; endedAt: Date }> {
  assertPermission(ctx.actor, "assessment:record");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
      await changeStatusIf(tx, appointment, ["ARRIVED"], { status: "FULFILLED", endedAt: now }, ALREADY_UPDATED);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.wrap-around-done",
        patientId: appointment.patientId,
        entityType: "Appointment",
        entityId: appointment.id,
        request: ctx.request,
        details: { clinicDayId: appointment.clinicDayId, time: appointment.time },
      });
      // Everyone who attended sees a GP: a morning finished without a PHQ-4 (declined, not asked) is routed to a GP now.
      const routed = await tx.routingDecision.count({ where: { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId } });
      if (routed === 0) {
        await routePatientAfternoon(tx, ctx, {
          clinicDayId: appointment.clinicDayId,
          patientId: appointment.patientId,
          event: { type: "screen", talkingTherapies: false, reason: routingReason(null, 0), override: false },
          now,
        });
      }
      return { id: appointment.id, endedAt: now };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
