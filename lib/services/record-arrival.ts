import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { appointmentRefSchema, undoArrivalSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import type { ClockOption } from "./book-appointment";
import { markReviewOnArrival, undoReviewOnArrival } from "./care-plan-review";
import type { ServiceContext } from "./context";
import { freeAfternoonOfMorning } from "./free-afternoon";
import { reapplyLastDecision } from "./route-afternoon";
import { changeStatusIf, loadMorningAppointment, type MorningAppointment } from "./load-appointment";

function auditBase(ctx: ServiceContext, appointment: MorningAppointment, action: string) {
  return {
    actor: ctx.actor,
    action,
    patientId: appointment.patientId,
    entityType: "Appointment",
    entityId: appointment.id,
    request: ctx.request,
  };
}

function refuseBeforeTheDay(appointment: MorningAppointment, now: Date, what: string) {
  if (appointment.date > londonToday(now)) {
    throw new AppError("VALIDATION", `${appointment.patientName}'s clinic day has not come yet, so they cannot be ${what}.`);
  }
}

/** Marks a booked patient as arrived; one routed earlier that day (a PHQ-4 or an override) has their afternoon put back as it needs. */
export async function checkIn(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    refuseBeforeTheDay(appointment, now, "checked in");
    await changeStatusIf(tx, appointment, ["BOOKED"], { status: "ARRIVED", checkedInAt: now }, `${appointment.patientName} is not waiting to be checked in (already arrived, did not attend, or cancelled). Refresh the page.`);
    await recordAudit(tx, { ...auditBase(ctx, appointment, "appointment.check-in"), details: { clinicDayId: appointment.clinicDayId, time: appointment.time } });
    await markReviewOnArrival(tx, ctx, { patientId: appointment.patientId, date: appointment.date, at: now, appointmentId: appointment.id });
    // Checked in again after a did-not-attend or an arrival undone by mistake: the day's routing
    // stands (a PHQ-4 or an override recorded earlier), so the afternoon it needs is put back.
    await reapplyLastDecision(tx, ctx, { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId, now });
    return { id: appointment.id };
  }, { maxWait: 10_000, timeout: 30_000 });
}

/**
 * Marks a booked patient as did-not-attend; only once their clinic day has come.
 * The afternoon the day's routing made for them is freed for the day's
 * waitlist (a review or a booking from the waitlist stays: they may still come
 * for it); undoing the did-not-attend does not bring it back (the PHQ-4 routes again).
 */
export async function markDidNotAttend(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string; afternoonFreed: number }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId } = parseInput(appointmentRefSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    refuseBeforeTheDay(appointment, now, "marked as did not attend");
    await changeStatusIf(tx, appointment, ["BOOKED"], { status: "NOSHOW", noShowAt: now }, `${appointment.patientName} is not booked any more (already arrived, did not attend, or cancelled). Refresh the page.`);
    await recordAudit(tx, { ...auditBase(ctx, appointment, "appointment.did-not-attend"), details: { clinicDayId: appointment.clinicDayId, time: appointment.time } });
    const { freed } = await freeAfternoonOfMorning(tx, ctx, {
      clinicDayId: appointment.clinicDayId,
      patientId: appointment.patientId,
      cancelReason: "Did not attend the morning",
      now,
    });
    return { id: appointment.id, afternoonFreed: freed.length };
  });
}

/** Puts an arrival or a did-not-attend back to booked, for a mistake; the reason stays in the audit trail. */
export async function undoArrival(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { appointmentId, reason } = parseInput(undoArrivalSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await loadMorningAppointment(tx, ctx.actor.pcnId, appointmentId);
    await changeStatusIf(tx, appointment, ["ARRIVED", "NOSHOW"], { status: "BOOKED", checkedInAt: null, noShowAt: null }, `There is no arrival or did-not-attend to undo for ${appointment.patientName}. Refresh the page.`);
    await recordAudit(tx, {
      ...auditBase(ctx, appointment, "appointment.undo-arrival"),
      details: {
        reason,
        undone: appointment.status,
        checkedInAt: appointment.checkedInAt?.toISOString() ?? null,
        noShowAt: appointment.noShowAt?.toISOString() ?? null,
      },
    });
    if (appointment.status === "ARRIVED") await undoReviewOnArrival(tx, ctx, { patientId: appointment.patientId, checkedInAt: appointment.checkedInAt, appointmentId: appointment.id });
    return { id: appointment.id };
  });
}
