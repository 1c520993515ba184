import { assertPermission } from "@/lib/auth/permissions";
import type { DbTx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { hasRisk, normaliseTriage, referralCondition, reviewDayProblem, ukDate, type TriageField } from "@/lib/triage";
import { holdsSlot, placeAppointment } from "@/lib/routing/afternoon";
import { parseInput } from "@/lib/validation/parse";
import { recordTriageSchema } from "@/lib/validation/triage";
import { cancelReminders, queueReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { freeAfternoonSlots, loadAfternoonAppointments, lockClinicDay, routeUncoveredDays } from "@/lib/services/routing/internal/route-afternoon";
import { keepTriageVersion, reviseTriage } from "@/lib/services/triage/internal/triage-versions";

export type RecordTriageResult = {
  triageOutcomeId: string;
  updated: boolean;
  /** The version the triage is at: a save that changes anything makes the next one, the earlier kept. */
  version: number;
  /** Names of the fields that changed (never their values). */
  changed: TriageField[];
  risk: boolean;
  referralId: string | null;
  /** REVIEW_LATER: the day chosen, and the time booked there or null when waitlisted for it. */
  review: { clinicDayId: string; date: string; time: string | null; waitlisted: boolean } | null;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Records the Talking Therapies clinician's triage of a called-in (or finished)
 * afternoon appointment, with its consequences in the same transaction: a
 * referral for REFER, and for "review at a later clinic" a Talking Therapies
 * slot on the chosen day, or a waitlist entry for that day when it is full.
 * One triage per appointment: a second save that changes it makes its next
 * version, the earlier one kept (triage-versions.ts; unticking a recorded risk
 * needs a reason); the audit names the fields changed. A referral already made
 * keeps the outcome REFER: it is closed on the referrals page instead.
 */
export async function recordTriage(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<RecordTriageResult> {
  assertPermission(ctx.actor, "triage:record");
  const { appointmentId, presentingProblems, recommendations, changeReason, ...draft } = parseInput(recordTriageSchema, input);
  const stored = normaliseTriage(draft);
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const appointment = await tx.appointment.findFirst({
          where: { id: appointmentId, clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } },
          include: { clinicDay: true, patient: { select: { givenName: true, familyName: true } } },
        });
        if (!appointment) throw new AppError("NOT_FOUND", "That appointment was not found. Refresh the page.");
        const name = `${appointment.patient.givenName} ${appointment.patient.familyName}`;
        if (appointment.kind !== "TALKING_THERAPIES") throw new AppError("VALIDATION", "Triage is recorded at a Talking Therapies appointment");
        if (appointment.status === "BOOKED") throw new AppError("VALIDATION", `Call ${name} in before recording the triage`);
        if (appointment.status !== "ARRIVED" && appointment.status !== "FULFILLED") {
          const why = appointment.status === "NOSHOW" ? "did not attend" : "was cancelled";
          throw new AppError("VALIDATION", `${name}'s Talking Therapies appointment ${why}, so no triage can be recorded for it`);
        }
        // Two saves of one triage (a double click, two tabs) queue here rather than race.
        await tx.$queryRaw`SELECT id FROM "Appointment" WHERE id = ${appointmentId}::uuid FOR UPDATE`;
        const previous = await tx.triageOutcome.findUnique({ where: { appointmentId }, include: { referral: true } });
        const triageDate = iso(appointment.clinicDay.date);
        // Refused before anything is written: unticking a recorded risk needs a reason.
        const revision = reviseTriage(previous, { presentingProblems, ...stored, recommendations }, changeReason);

        const reviewDay = stored.reviewClinicDayId
          ? await checkReviewDay(tx, stored.reviewClinicDayId, appointment.clinicDay.clinicId, today, triageDate)
          : null;

        if (previous?.referral && stored.outcome !== "REFER") {
          throw new AppError(
            "VALIDATION",
            "A referral has already been made from this triage: keep the outcome as a referral, and close the referral on the referrals page if it will not go ahead",
            {
              fieldErrors: { outcome: "A referral has already been made from this triage: keep the outcome as a referral" },
            },
          );
        }
        if (previous?.referral && previous.referral.status !== "REFERRED" && stored.pathway !== previous.referral.pathway) {
          throw new AppError("VALIDATION", "The referral has already been accepted or closed, so its pathway cannot change", {
            fieldErrors: { pathway: "The referral has already been accepted or closed, so its pathway cannot change" },
          });
        }
        // Kept on the referral (the reports split by it), not on the triage. A referral made before the
        // condition was asked for may have it filled in later, but not changed once accepted or closed.
        const ltcCondition = referralCondition(draft);
        if (
          previous?.referral &&
          previous.referral.status !== "REFERRED" &&
          previous.referral.ltcCondition !== null &&
          previous.referral.ltcCondition !== ltcCondition
        ) {
          const message = "The referral has already been accepted or closed, so its long-term condition cannot change";
          throw new AppError("VALIDATION", message, { fieldErrors: { ltcCondition: message } });
        }

        const keepReview = Boolean(previous?.reviewClinicDayId && previous.reviewClinicDayId === stored.reviewClinicDayId);
        if (previous?.reviewClinicDayId && !keepReview)
          await undoReview(
            tx,
            ctx,
            { id: previous.id, reviewAppointmentId: previous.reviewAppointmentId },
            appointment.patientId,
            appointment.clinicDay.clinicId,
            now,
          );

        const values = {
          presentingProblems,
          ...stored,
          recommendations,
          reviewAppointmentId: keepReview ? (previous?.reviewAppointmentId ?? null) : null,
        };
        const version = revision.newVersion ? { version: revision.version, changeReason: revision.changeReason, recordedById: ctx.actor.id } : {};
        let triage = previous
          ? await tx.triageOutcome.update({ where: { id: previous.id }, data: { ...values, ...version } })
          : await tx.triageOutcome.create({
              data: { ...values, ...version, appointmentId, patientId: appointment.patientId, recordedById: ctx.actor.id, recordedAt: now },
            });
        if (revision.newVersion) await keepTriageVersion(tx, triage, now);
        const { changed } = revision;

        let review: RecordTriageResult["review"] = null;
        if (reviewDay) {
          if (keepReview) {
            const kept = triage.reviewAppointmentId
              ? await tx.appointment.findUnique({ where: { id: triage.reviewAppointmentId }, include: { slot: true } })
              : null;
            review = {
              clinicDayId: reviewDay.id,
              date: reviewDay.date,
              time: kept ? formatLondon(kept.slot.startsAt, "HH:mm") : null,
              waitlisted: !kept,
            };
          } else {
            const booked = await bookReview(tx, ctx, {
              triageId: triage.id,
              patientId: appointment.patientId,
              name,
              clinicId: appointment.clinicDay.clinicId,
              fromClinicDayId: appointment.clinicDayId,
              triageDate,
              day: reviewDay,
              now,
            });
            // The review booking is routing's column, not the triage's content: no new version.
            if (booked.appointmentId)
              triage = await tx.triageOutcome.update({ where: { id: triage.id }, data: { reviewAppointmentId: booked.appointmentId } });
            review = { clinicDayId: reviewDay.id, date: reviewDay.date, time: booked.time, waitlisted: booked.appointmentId === null };
          }
        }

        let referralId = previous?.referral?.id ?? null;
        if (stored.outcome === "REFER" && stored.pathway) {
          if (!previous?.referral) {
            const referral = await tx.referral.create({
              data: {
                patientId: appointment.patientId,
                triageOutcomeId: triage.id,
                pathway: stored.pathway,
                ltcCondition,
                status: "REFERRED",
                referredAt: appointment.clinicDay.date,
                updatedById: ctx.actor.id,
              },
            });
            referralId = referral.id;
            await recordAudit(tx, {
              actor: ctx.actor,
              action: "referral.create",
              patientId: appointment.patientId,
              entityType: "Referral",
              entityId: referral.id,
              request: ctx.request,
              details: { referredAt: triageDate },
            });
          } else if (previous.referral.pathway !== stored.pathway || previous.referral.ltcCondition !== ltcCondition) {
            const referralChanged = [
              ...(previous.referral.pathway !== stored.pathway ? ["pathway"] : []),
              ...(previous.referral.ltcCondition !== ltcCondition ? ["ltcCondition"] : []),
            ];
            await tx.referral.update({
              where: { id: previous.referral.id },
              data: { pathway: stored.pathway, ltcCondition, updatedById: ctx.actor.id },
            });
            await recordAudit(tx, {
              actor: ctx.actor,
              action: "referral.update",
              patientId: appointment.patientId,
              entityType: "Referral",
              entityId: previous.referral.id,
              request: ctx.request,
              details: { changed: referralChanged },
            });
          }
        }

        await recordAudit(tx, {
          actor: ctx.actor,
          action: previous ? "triage.update" : "triage.record",
          patientId: appointment.patientId,
          entityType: "TriageOutcome",
          entityId: triage.id,
          request: ctx.request,
          // Field names only: the audit trail is not a second clinical record.
          details: { changed, version: triage.version },
        });
        return {
          triageOutcomeId: triage.id,
          updated: Boolean(previous),
          version: triage.version,
          changed,
          risk: hasRisk(triage),
          referralId,
          review,
        };
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "Someone saved this triage or took that slot at the same moment. Refresh the page and try again.");
    throw error;
  }
}

const reviewDayError = (message: string) => new AppError("VALIDATION", message, { fieldErrors: { reviewClinicDayId: message } });

async function checkReviewDay(tx: DbTx, clinicDayId: string, clinicId: string, today: string, triageDate: string) {
  const day = await tx.clinicDay.findUnique({ where: { id: clinicDayId }, select: { id: true, clinicId: true, date: true, status: true } });
  if (!day || day.clinicId !== clinicId) throw reviewDayError("Choose a later clinic day of this clinic");
  const date = iso(day.date);
  if (day.status !== "SCHEDULED") throw reviewDayError(`The clinic day of ${ukDate(date)} is cancelled: choose another day`);
  const problem = reviewDayProblem(date, today, triageDate);
  if (problem) throw reviewDayError(problem);
  return { id: day.id, date };
}

/**
 * The review moved to another day or is no longer wanted (a decision about the
 * review itself): free its slot if nothing has happened to it yet, and close
 * its place on the review list.
 */
async function undoReview(
  tx: DbTx,
  ctx: ServiceContext,
  previous: { id: string; reviewAppointmentId: string | null },
  patientId: string,
  clinicId: string,
  now: Date,
) {
  const reason = "Triage changed: review no longer booked for this day";
  let touched = false;
  if (previous.reviewAppointmentId) {
    const { count } = await tx.appointment.updateMany({
      where: { id: previous.reviewAppointmentId, status: "BOOKED" },
      data: { status: "CANCELLED", activeSlotId: null, cancelledAt: now, cancelReason: reason },
    });
    if (count === 1) {
      await cancelReminders(tx, previous.reviewAppointmentId, reason);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "appointment.cancel-review",
        patientId,
        entityType: "Appointment",
        entityId: previous.reviewAppointmentId,
        request: ctx.request,
        details: { reason },
      });
      touched = true;
    }
  }
  const open = await tx.waitlistEntry.findMany({ where: { triageOutcomeId: previous.id, openClinicId: { not: null } }, select: { id: true } });
  for (const entry of open) {
    await tx.waitlistEntry.update({
      where: { id: entry.id },
      data: { openClinicId: null, resolvedAt: now, resolvedById: ctx.actor.id, resolution: reason },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "waitlist.close",
      patientId,
      entityType: "WaitlistEntry",
      entityId: entry.id,
      request: ctx.request,
      details: { kind: "TALKING_THERAPIES", reason },
    });
    touched = true;
  }
  // A positive screen that counted on this review (on its day, or on the review list after missing it) gets its own place.
  if (touched) await routeUncoveredDays(tx, ctx, { patientId, clinicId, now });
}

/**
 * Books the review into the earliest Talking Therapies slot of its day that
 * fits the patient's other appointment there (ending the handover gap before a
 * GP appointment) and has not started, or puts the review on the review list
 * for that day.
 */
async function bookReview(
  tx: DbTx,
  ctx: ServiceContext,
  input: {
    triageId: string;
    patientId: string;
    name: string;
    clinicId: string;
    fromClinicDayId: string;
    triageDate: string;
    day: { id: string; date: string };
    now: Date;
  },
): Promise<{ appointmentId: string | null; time: string | null }> {
  const { day } = input;
  await lockClinicDay(tx, day.id);
  const others = await loadAfternoonAppointments(tx, day.id, input.patientId);
  if (others.some((a) => a.kind === "TALKING_THERAPIES" && holdsSlot(a.status))) {
    throw reviewDayError(`${input.name} already has a Talking Therapies appointment on ${ukDate(day.date)}: choose another day`);
  }
  const clinic = await tx.clinic.findUniqueOrThrow({ where: { id: input.clinicId }, select: { handoverGapMinutes: true } });
  const reason = `Talking Therapies review from the triage of ${ukDate(input.triageDate)}`;
  const slot = placeAppointment({
    kind: "TALKING_THERAPIES",
    freeSlots: await freeAfternoonSlots(tx, day.id, ["TALKING_THERAPIES"]),
    others,
    rules: { handoverGapMinutes: clinic.handoverGapMinutes },
    now: input.now.getTime(),
  });
  if (slot) {
    const startsAt = new Date(slot.startsAt);
    const appointment = await tx.appointment.create({
      data: {
        patientId: input.patientId,
        clinicDayId: day.id,
        slotId: slot.id,
        activeSlotId: slot.id,
        kind: "TALKING_THERAPIES",
        origin: "TRIAGE_REVIEW",
        bookedById: ctx.actor.id,
        bookedAt: input.now,
        reason,
      },
    });
    // A review on a later day gets its reminder like any other booking (the worker skips none but the consented).
    await queueReminders(tx, { id: appointment.id, patientId: input.patientId, startsAt }, input.now);
    const time = formatLondon(startsAt, "HH:mm");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "appointment.book-review",
      patientId: input.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { kind: "TALKING_THERAPIES", clinicDayId: day.id, date: day.date, time },
    });
    return { appointmentId: appointment.id, time };
  }
  const waitReason = `${reason}: no Talking Therapies slot free on ${ukDate(day.date)}`;
  // The review's own place on the list: it waits for its day, whatever else the patient waits for.
  const entry = await tx.waitlistEntry.create({
    data: {
      clinicId: input.clinicId,
      openClinicId: input.clinicId,
      patientId: input.patientId,
      kind: "TALKING_THERAPIES",
      reason: waitReason,
      fromClinicDayId: input.fromClinicDayId,
      forClinicDayId: day.id,
      triageOutcomeId: input.triageId,
      createdAt: input.now,
    },
  });
  await recordAudit(tx, {
    actor: ctx.actor,
    action: "waitlist.add",
    patientId: input.patientId,
    entityType: "WaitlistEntry",
    entityId: entry.id,
    request: ctx.request,
    details: { kind: "TALKING_THERAPIES", reason: waitReason, forClinicDayId: day.id, review: true },
  });
  return { appointmentId: null, time: null };
}
