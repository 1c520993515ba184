/**
 * Loads one patient's afternoon of one clinic day, asks the rule in
 * lib/routing/afternoon.ts what follows from an event, and stores the changes
 * with their audit events inside the caller's transaction. Every path that
 * changes an afternoon (a PHQ-4, an override, a morning or afternoon that did
 * not happen, a cancelled day, freed capacity) comes through here.
 *
 * Lock order, shared by every path: the clinic day row, then the patient's open
 * waitlist entries, then appointments. The unique activeSlotId index remains
 * the last line of defence against two bookings of one slot.
 */
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import {
  planAfternoon,
  type AfternoonAppointment,
  type AfternoonEvent,
  type AfternoonKind,
  type AfternoonPlan,
  type FreeSlot,
  type OpenEntry,
} from "@/lib/routing/afternoon";
import { formatLondon } from "@/lib/schedule";
import { ukDate } from "@/lib/triage";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { cancelReminders } from "@/lib/services/reminders/internal/reminder-outbox";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";

export type RoutingOutcome = {
  talkingTherapies: boolean;
  reason: string;
  appointments: Array<{ kind: AfternoonKind; startsAt: Date; staffName: string | null }>;
  waitlisted: Array<{ kind: AfternoonKind; reason: string }>;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function lockClinicDay(tx: DbTx, clinicDayId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "ClinicDay" WHERE id = ${clinicDayId}::uuid FOR UPDATE`;
}

/** The clinic day with the rules routing needs; NOT_FOUND outside the actor's PCN is the caller's check. */
async function loadDay(tx: DbTx, clinicDayId: string) {
  return tx.clinicDay.findUniqueOrThrow({
    where: { id: clinicDayId },
    select: { id: true, date: true, clinicId: true, clinic: { select: { phq4Threshold: true, handoverGapMinutes: true } } },
  });
}

type Day = Awaited<ReturnType<typeof loadDay>>;

/** Free afternoon slots of a day: no appointment holds them. */
export async function freeAfternoonSlots(
  tx: DbTx,
  clinicDayId: string,
  kinds: readonly AfternoonKind[] = ["TALKING_THERAPIES", "GP"],
): Promise<FreeSlot[]> {
  const slots = await tx.slot.findMany({
    where: { session: { clinicDayId, kind: { in: [...kinds] } }, appointments: { none: { activeSlotId: { not: null } } } },
    include: { session: { select: { kind: true } } },
  });
  return slots.map((s) => ({
    id: s.id,
    kind: s.session.kind as AfternoonKind,
    staffId: s.staffId ?? `column-${s.column}`,
    startsAt: s.startsAt.getTime(),
    endsAt: s.endsAt.getTime(),
  }));
}

/** The patient's afternoon appointments of the day, as the rule sees them. */
export async function loadAfternoonAppointments(tx: DbTx, clinicDayId: string, patientId: string): Promise<AfternoonAppointment[]> {
  const rows = await tx.appointment.findMany({
    where: { clinicDayId, patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { notIn: ["CANCELLED", "ENTERED_IN_ERROR"] } },
    include: {
      slot: { select: { startsAt: true, endsAt: true, staffId: true, column: true } },
      triageReview: { select: { id: true, appointment: { select: { clinicDayId: true } } } },
      waitlistEntry: {
        select: {
          fromClinicDayId: true,
          triageOutcomeId: true,
          triageOutcome: { select: { id: true, appointment: { select: { clinicDayId: true } } } },
        },
      },
    },
  });
  return rows.map((a) => {
    const triage = a.triageReview ?? a.waitlistEntry?.triageOutcome ?? null;
    return {
      id: a.id,
      kind: a.kind as AfternoonKind,
      slotId: a.slotId,
      staffId: a.slot.staffId ?? `column-${a.slot.column}`,
      status: a.status,
      origin: a.origin === "BOOKING" ? "ROUTING" : a.origin,
      startsAt: a.slot.startsAt.getTime(),
      endsAt: a.slot.endsAt.getTime(),
      review: a.origin === "TRIAGE_REVIEW" && triage ? { triageId: triage.id, triageClinicDayId: triage.appointment.clinicDayId } : null,
      waitlistFromClinicDayId: a.waitlistEntry?.fromClinicDayId ?? null,
    };
  });
}

/** The patient's open waitlist entries in the clinic, locked so a booking from the waitlist and a routing cannot both take one. */
export async function loadOpenEntries(tx: DbTx, clinicId: string, patientId: string): Promise<OpenEntry[]> {
  await tx.$queryRaw`SELECT id FROM "WaitlistEntry" WHERE "patientId" = ${patientId}::uuid AND "openClinicId" = ${clinicId}::uuid FOR UPDATE`;
  const entries = await tx.waitlistEntry.findMany({
    where: { patientId, openClinicId: clinicId },
    include: { fromClinicDay: { select: { date: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind as AfternoonKind,
    fromClinicDayId: e.fromClinicDayId,
    triageId: e.triageOutcomeId,
    causeAppointmentId: e.causeAppointmentId,
    fromLabel: ukDate(iso(e.fromClinicDay.date)),
  }));
}

/** When the patient's morning of the day ends, if they have one that is still on; routed appointments start no earlier. */
async function morningEnd(tx: DbTx, clinicDayId: string, patientId: string): Promise<number | null> {
  const morning = await tx.appointment.findFirst({
    where: { clinicDayId, patientId, kind: "WRAP_AROUND", status: { in: [...SEEN_OR_WAITING_STATUSES] } },
    select: { slot: { select: { endsAt: true } } },
  });
  return morning ? morning.slot.endsAt.getTime() : null;
}

export type RouteInput = {
  clinicDayId: string;
  patientId: string;
  event: AfternoonEvent;
  now: Date;
  /** For a screen: the PHQ-4 it comes from, stored with the routing decision. */
  phq4AssessmentId?: string;
  /** A repair re-applies the day's last decision: no new decision row, no further repair. */
  repair?: boolean;
};

/**
 * Decides and stores what follows for one patient's afternoon. Locks the day
 * first. For a screen, also records the routing decision and returns the
 * afternoon as it now stands.
 */
export async function routePatientAfternoon(tx: DbTx, ctx: ServiceContext, input: RouteInput): Promise<RoutingOutcome> {
  await lockClinicDay(tx, input.clinicDayId);
  const day = await loadDay(tx, input.clinicDayId);
  const openEntries = await loadOpenEntries(tx, day.clinicId, input.patientId);
  const appointments = await loadAfternoonAppointments(tx, day.id, input.patientId);
  const plan = planAfternoon({
    clinicDayId: day.id,
    appointments,
    openEntries,
    freeSlots: await freeAfternoonSlots(tx, day.id),
    earliestStart: await morningEnd(tx, day.id, input.patientId),
    event: input.event,
    rules: { handoverGapMinutes: day.clinic.handoverGapMinutes },
    now: input.now.getTime(),
  });
  await storePlan(tx, ctx, { day, patientId: input.patientId, plan, appointments, now: input.now, event: input.event });

  if (input.event.type === "screen" && !input.repair) {
    await tx.routingDecision.create({
      data: {
        clinicDayId: day.id,
        patientId: input.patientId,
        phq4AssessmentId: input.phq4AssessmentId,
        talkingTherapies: input.event.talkingTherapies,
        reason: input.event.reason,
        override: input.event.override,
        actorId: ctx.actor.id,
        createdAt: input.now,
      },
    });
  }
  const outcome = await afternoonOutcome(tx, day, input.patientId, input.event);
  if (
    input.event.type === "screen" &&
    input.event.talkingTherapies &&
    !outcome.appointments.some((a) => a.kind === "TALKING_THERAPIES") &&
    !outcome.waitlisted.some((w) => w.kind === "TALKING_THERAPIES")
  ) {
    // The rule always books or waitlists a positive screen; reaching here would be a defect.
    throw new AppError("CONFLICT", "The afternoon could not be routed: a positive screen was neither booked nor waitlisted. Nothing was saved.");
  }
  // An entry closed by a decision about its own day may have been holding the place of another day's screen too
  // (one open entry of each kind): those days are routed again, so each gets an entry of its own.
  if (!input.repair && plan.changes.some((c) => c.type === "close-entry" && !c.met)) {
    await routeUncoveredDays(tx, ctx, { patientId: input.patientId, clinicId: day.clinicId, now: input.now });
  }
  return outcome;
}

/**
 * Routes the patient's afternoon of one clinic day again by that day's last
 * routing decision (a PHQ-4 or an override recorded earlier), so the afternoon
 * it needs is put back. Answers false, changing nothing, when the day has no
 * decision for the patient.
 */
export async function reapplyLastDecision(
  tx: DbTx,
  ctx: ServiceContext,
  input: { clinicDayId: string; patientId: string; now: Date },
): Promise<boolean> {
  const decision = await tx.routingDecision.findFirst({
    where: { clinicDayId: input.clinicDayId, patientId: input.patientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  if (!decision) return false;
  await routeByDecision(tx, ctx, { ...input, decision });
  return true;
}

type StoredDecision = { talkingTherapies: boolean; reason: string; override: boolean; phq4AssessmentId: string | null };

/** Routes one day's afternoon as a stored decision says, without recording the decision again. */
async function routeByDecision(
  tx: DbTx,
  ctx: ServiceContext,
  input: { clinicDayId: string; patientId: string; now: Date; decision: StoredDecision; repair?: boolean },
): Promise<void> {
  const { decision } = input;
  await routePatientAfternoon(tx, ctx, {
    clinicDayId: input.clinicDayId,
    patientId: input.patientId,
    event: { type: "screen", talkingTherapies: decision.talkingTherapies, reason: decision.reason, override: decision.override },
    now: input.now,
    phq4AssessmentId: decision.phq4AssessmentId ?? undefined,
    repair: input.repair,
  });
}

/**
 * Routes again, by their last decision, the patient's clinic days of this
 * clinic whose attended screen is left with no Talking Therapies (when
 * positive) or no GP: neither standing that day, nor booked from that day's
 * waitlist need, nor on an open entry. Each such day gets its own entry (or a
 * slot, if its afternoon is still to come).
 */
export async function routeUncoveredDays(tx: DbTx, ctx: ServiceContext, input: { patientId: string; clinicId: string; now: Date }): Promise<void> {
  const covered = (kind: "TALKING_THERAPIES" | "GP") => Prisma.sql`(
    exists (select 1 from "Appointment" x where x."patientId" = l."patientId" and x."clinicDayId" = l."clinicDayId" and x.kind = ${kind}::"SessionKind" and x.status in ('BOOKED', 'ARRIVED', 'FULFILLED'))
    or exists (select 1 from "WaitlistEntry" w where w."patientId" = l."patientId" and w.kind = ${kind}::"SessionKind" and w."openClinicId" = ${input.clinicId}::uuid and w."triageOutcomeId" is null)
    or exists (select 1 from "WaitlistEntry" w join "Appointment" c on c.id = w."causeAppointmentId" where w."patientId" = l."patientId" and w.kind = ${kind}::"SessionKind"
               and w."openClinicId" is not null and w."triageOutcomeId" is not null and c."clinicDayId" = l."clinicDayId")
    or exists (select 1 from "Appointment" x join "WaitlistEntry" w on w.id = x."waitlistEntryId" where x."patientId" = l."patientId" and x.kind = ${kind}::"SessionKind"
               and x.status in ('BOOKED', 'ARRIVED', 'FULFILLED') and w."fromClinicDayId" = l."clinicDayId"))`;
  const days = await tx.$queryRaw<Array<StoredDecision & { clinicDayId: string }>>`
    with l as (
      select distinct on (r."clinicDayId") r."clinicDayId", r."patientId", r."talkingTherapies", r.reason, r.override, r."phq4AssessmentId"
      from "RoutingDecision" r join "ClinicDay" d on d.id = r."clinicDayId"
      where r."patientId" = ${input.patientId}::uuid and d."clinicId" = ${input.clinicId}::uuid
      order by r."clinicDayId", r."createdAt" desc, r.id desc)
    select l."clinicDayId"::text as "clinicDayId", l."talkingTherapies", l.reason, l.override, l."phq4AssessmentId"::text as "phq4AssessmentId" from l
    where exists (select 1 from "Appointment" m where m."clinicDayId" = l."clinicDayId" and m."patientId" = l."patientId" and m.kind = 'WRAP_AROUND' and m.status in ('ARRIVED', 'FULFILLED'))
      and ((l."talkingTherapies" and not ${covered("TALKING_THERAPIES")}) or not ${covered("GP")})`;
  for (const day of days) {
    await routeByDecision(tx, ctx, { clinicDayId: day.clinicDayId, patientId: input.patientId, now: input.now, decision: day, repair: true });
  }
}

async function afternoonOutcome(tx: DbTx, day: Day, patientId: string, event: AfternoonEvent): Promise<RoutingOutcome> {
  const standing = await tx.appointment.findMany({
    where: { clinicDayId: day.id, patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, status: { in: [...SEEN_OR_WAITING_STATUSES] } },
    include: { slot: { include: { staff: { select: { name: true } } } } },
    orderBy: { slot: { startsAt: "asc" } },
  });
  const waitlisted = await tx.waitlistEntry.findMany({
    where: { patientId, openClinicId: day.clinicId, triageOutcomeId: null },
    orderBy: { createdAt: "asc" },
  });
  return {
    talkingTherapies: event.type === "screen" ? event.talkingTherapies : false,
    reason: event.reason,
    appointments: standing.map((a) => ({ kind: a.kind as AfternoonKind, startsAt: a.slot.startsAt, staffName: a.slot.staff?.name ?? null })),
    waitlisted: waitlisted.map((w) => ({ kind: w.kind as AfternoonKind, reason: w.reason })),
  };
}

/** Stores the rule's changes in order, each with its audit event. */
async function storePlan(
  tx: DbTx,
  ctx: ServiceContext,
  input: { day: Day; patientId: string; plan: AfternoonPlan; appointments: AfternoonAppointment[]; now: Date; event: AfternoonEvent },
): Promise<void> {
  const { day, patientId, now } = input;
  const audit = (action: string, entityType: string, entityId: string | undefined, details: Prisma.InputJsonObject) =>
    recordAudit(tx, { actor: ctx.actor, action, patientId, entityType, entityId, request: ctx.request, details });
  const dayLabel = ukDate(iso(day.date));
  for (const change of input.plan.changes) {
    if (change.type === "cancel") {
      const { count } = await tx.appointment.updateMany({
        where: { id: change.appointmentId, status: "BOOKED" },
        data: { status: "CANCELLED", activeSlotId: null, cancelledAt: now, cancelReason: change.reason },
      });
      if (count !== 1)
        throw new AppError("CONFLICT", "Someone else changed this patient's afternoon at the same moment. Refresh the page and try again.");
      await cancelReminders(tx, change.appointmentId, change.reason);
      const before = input.appointments.find((a) => a.id === change.appointmentId);
      await audit(input.event.type === "day-cancelled" ? "appointment.cancel" : "appointment.unroute", "Appointment", change.appointmentId, {
        kind: before?.kind ?? null,
        origin: before?.origin ?? null,
        reason: change.reason,
      });
    } else if (change.type === "book") {
      const appointment = await tx.appointment.create({
        data: {
          patientId,
          clinicDayId: day.id,
          slotId: change.slot.id,
          activeSlotId: change.slot.id,
          kind: change.kind,
          origin: change.origin,
          bookedById: ctx.actor.id,
          bookedAt: now,
          reason: change.reason,
          waitlistEntryId: change.waitlistEntryId ?? null,
        },
      });
      const time = formatLondon(new Date(change.slot.startsAt), "HH:mm");
      await audit("appointment.route", "Appointment", appointment.id, { kind: change.kind, at: time, origin: change.origin, reason: change.reason });
      if (change.waitlistEntryId)
        await resolveEntry(tx, ctx, patientId, change.waitlistEntryId, `Booked into ${dayLabel} at ${time} by that day's routing`, now);
    } else if (change.type === "waitlist") {
      const entry = await tx.waitlistEntry.create({
        data: {
          clinicId: day.clinicId,
          openClinicId: day.clinicId,
          patientId,
          kind: change.kind,
          reason: change.reason,
          fromClinicDayId: change.fromClinicDayId,
          triageOutcomeId: change.triageId,
          causeAppointmentId: change.causeAppointmentId,
          createdAt: now,
        },
      });
      if (change.triageId) {
        // The triage no longer points at a review that will not happen: it is on the review list.
        await tx.triageOutcome.updateMany({
          where: { id: change.triageId, reviewAppointmentId: change.causeAppointmentId },
          data: { reviewAppointmentId: null },
        });
      }
      await audit("waitlist.add", "WaitlistEntry", entry.id, {
        kind: change.kind,
        reason: change.reason,
        review: Boolean(change.triageId),
        fromClinicDayId: change.fromClinicDayId,
      });
    } else {
      await closeEntry(tx, ctx, patientId, change.entryId, change.resolution, change.met, now);
    }
  }
}

/** Resolves an entry met by a booking; CONFLICT when someone else resolved it first. */
async function resolveEntry(tx: DbTx, ctx: ServiceContext, patientId: string, entryId: string, resolution: string, now: Date): Promise<void> {
  const { count } = await tx.waitlistEntry.updateMany({
    where: { id: entryId, openClinicId: { not: null } },
    data: { openClinicId: null, resolvedAt: now, resolvedById: ctx.actor.id, resolution },
  });
  if (count !== 1) throw new AppError("CONFLICT", "That waitlist entry was just booked or closed by someone else. Refresh the page and try again.");
  await recordAudit(tx, {
    actor: ctx.actor,
    action: "waitlist.resolve",
    patientId,
    entityType: "WaitlistEntry",
    entityId: entryId,
    request: ctx.request,
    details: { resolution },
  });
}

async function closeEntry(
  tx: DbTx,
  ctx: ServiceContext,
  patientId: string,
  entryId: string,
  resolution: string,
  met: boolean,
  now: Date,
): Promise<void> {
  const { count } = await tx.waitlistEntry.updateMany({
    where: { id: entryId, openClinicId: { not: null } },
    data: { openClinicId: null, resolvedAt: now, resolvedById: ctx.actor.id, resolution },
  });
  if (count === 1) {
    await recordAudit(tx, {
      actor: ctx.actor,
      action: met ? "waitlist.resolve" : "waitlist.close",
      patientId,
      entityType: "WaitlistEntry",
      entityId: entryId,
      request: ctx.request,
      details: { resolution },
    });
  }
}

/**
 * Capacity freed on a day goes to the day's own waitlisted patients (positive
 * screens whose therapy was full, GP appointments that did not fit), oldest
 * entry first, each routed again by their last decision. Entries opened by a
 * missed appointment wait for a later day, and reviews for theirs.
 */
export async function reallocateFreedCapacity(tx: DbTx, ctx: ServiceContext, clinicDayId: string, now: Date): Promise<number> {
  const day = await loadDay(tx, clinicDayId);
  const entries = await tx.waitlistEntry.findMany({
    where: { fromClinicDayId: day.id, openClinicId: { not: null }, triageOutcomeId: null, causeAppointmentId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, patientId: true },
  });
  const seen = new Set<string>();
  let rebooked = 0;
  for (const entry of entries) {
    if (seen.has(entry.patientId)) continue;
    seen.add(entry.patientId);
    const open = { patientId: entry.patientId, fromClinicDayId: day.id, openClinicId: { not: null }, triageOutcomeId: null };
    const before = await tx.waitlistEntry.count({ where: open });
    if (!(await reapplyLastDecision(tx, ctx, { clinicDayId: day.id, patientId: entry.patientId, now }))) continue;
    const after = await tx.waitlistEntry.count({ where: open });
    rebooked += before - after;
  }
  return rebooked;
}
