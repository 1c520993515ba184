import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "./audit";
import type { ServiceContext } from "./context";

type AfternoonKind = "TALKING_THERAPIES" | "GP";

export type WaitlistRow = {
  id: string;
  patientId: string;
  name: string;
  nhsNumber: string;
  kind: AfternoonKind;
  clinicName: string;
  fromDate: string;
  reason: string;
  /** The next scheduled clinic day of the same clinic, today or later and after the waitlisted day. */
  nextDay: { id: string; date: string } | null;
  /** The later clinic day a triage review waits for, when it had no free slot. */
  forDate: string | null;
  /** A triage's review on the review list (rather than a need from a day's routing). */
  review: boolean;
  /** Opened because an appointment was missed (did not attend, left, or its day was cancelled). */
  missed: boolean;
};

/** Open waitlist entries of the PCN's clinics, oldest first, each with the clinic day it can be booked into. */
export async function listWaitlist(ctx: ServiceContext, today: string = londonToday()): Promise<WaitlistRow[]> {
  assertPermission(ctx.actor, "routing:override");
  return ctx.db.$transaction(async (tx) => {
    const entries = await tx.waitlistEntry.findMany({
      where: { openClinicId: { not: null }, clinic: { pcnId: ctx.actor.pcnId } },
      include: { patient: true, clinic: { select: { name: true } }, fromClinicDay: { select: { date: true } }, forClinicDay: { select: { date: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const clinicIds = [...new Set(entries.map((e) => e.clinicId))];
    const upcoming = await tx.clinicDay.findMany({
      where: { clinicId: { in: clinicIds }, status: "SCHEDULED", date: { gte: new Date(`${today}T00:00:00Z`) } },
      orderBy: { date: "asc" },
      select: { id: true, clinicId: true, date: true },
    });
    await recordPatientViews(tx, { actor: ctx.actor, action: "waitlist.view", entityType: "WaitlistEntry", request: ctx.request }, entries.map((e) => e.patientId));
    return entries.map((e) => {
      const fromDate = e.fromClinicDay.date.toISOString().slice(0, 10);
      // A triage review waits for its chosen day while that day is still to come; otherwise the next day after it.
      const next =
        upcoming.find((d) => d.id === e.forClinicDayId) ?? upcoming.find((d) => d.clinicId === e.clinicId && d.date.toISOString().slice(0, 10) > fromDate);
      return {
        id: e.id,
        patientId: e.patientId,
        name: `${e.patient.givenName} ${e.patient.familyName}`,
        nhsNumber: e.patient.nhsNumber,
        kind: e.kind as AfternoonKind,
        clinicName: e.clinic.name,
        fromDate,
        reason: e.reason,
        nextDay: next ? { id: next.id, date: next.date.toISOString().slice(0, 10) } : null,
        forDate: e.forClinicDay ? e.forClinicDay.date.toISOString().slice(0, 10) : null,
        review: e.triageOutcomeId !== null,
        missed: e.causeAppointmentId !== null,
      };
    });
  });
}

export type RoutedPatient = {
  patientId: string;
  name: string;
  nhsNumber: string;
  /** What the latest decision says. */
  talkingTherapies: boolean;
  decisions: Array<{ id: string; at: Date; talkingTherapies: boolean; reason: string; override: boolean; by: string | null }>;
  appointments: Array<{ id: string; kind: AfternoonKind; startsAt: Date; endsAt: Date; staffName: string | null; status: string }>;
  waitlisted: Array<{ kind: AfternoonKind; reason: string }>;
};

export type FreeAfternoonSlot = { id: string; kind: AfternoonKind; startsAt: Date; endsAt: Date; staffName: string | null };

/** Every routed patient of one clinic day with every routing decision stored, their afternoon, and the free afternoon slots. */
export async function getDayRouting(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "routing:override");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, include: { clinic: true } });
    if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found.");
    const decisions = await tx.routingDecision.findMany({
      where: { clinicDayId },
      include: { patient: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const actorIds = [...new Set(decisions.map((d) => d.actorId))];
    const actors = new Map((await tx.staffUser.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
    const appointments = await tx.appointment.findMany({
      where: { clinicDayId, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
      include: { slot: { include: { staff: { select: { name: true } } } } },
      orderBy: { slot: { startsAt: "asc" } },
    });
    const waitlist = await tx.waitlistEntry.findMany({ where: { fromClinicDayId: clinicDayId, openClinicId: { not: null } } });
    const slots = await tx.slot.findMany({
      where: { session: { clinicDayId, kind: { in: ["TALKING_THERAPIES", "GP"] } } },
      include: { session: { select: { kind: true } }, staff: { select: { name: true } } },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    });
    const taken = new Set(appointments.map((a) => a.slotId));
    const freeSlots: FreeAfternoonSlot[] = slots
      .filter((s) => !taken.has(s.id))
      .map((s) => ({ id: s.id, kind: s.session.kind as AfternoonKind, startsAt: s.startsAt, endsAt: s.endsAt, staffName: s.staff?.name ?? null }));

    const patients = new Map<string, RoutedPatient>();
    for (const d of decisions) {
      const p = patients.get(d.patientId) ?? {
        patientId: d.patientId,
        name: `${d.patient.givenName} ${d.patient.familyName}`,
        nhsNumber: d.patient.nhsNumber,
        talkingTherapies: d.talkingTherapies,
        decisions: [],
        appointments: appointments
          .filter((a) => a.patientId === d.patientId)
          .map((a) => ({ id: a.id, kind: a.kind as AfternoonKind, startsAt: a.slot.startsAt, endsAt: a.slot.endsAt, staffName: a.slot.staff?.name ?? null, status: a.status })),
        waitlisted: waitlist.filter((w) => w.patientId === d.patientId).map((w) => ({ kind: w.kind as AfternoonKind, reason: w.reason })),
      };
      p.talkingTherapies = d.talkingTherapies;
      p.decisions.push({ id: d.id, at: d.createdAt, talkingTherapies: d.talkingTherapies, reason: d.reason, override: d.override, by: actors.get(d.actorId) ?? null });
      patients.set(d.patientId, p);
    }
    // Booked from another day's waitlist: an afternoon without a routing decision of this day, still listed so it can be moved.
    const unrouted = appointments.filter((a) => !patients.has(a.patientId));
    if (unrouted.length > 0) {
      const people = await tx.patient.findMany({ where: { id: { in: [...new Set(unrouted.map((a) => a.patientId))] } } });
      for (const person of people) {
        const own = unrouted.filter((a) => a.patientId === person.id);
        patients.set(person.id, {
          patientId: person.id,
          name: `${person.givenName} ${person.familyName}`,
          nhsNumber: person.nhsNumber,
          talkingTherapies: own.some((a) => a.kind === "TALKING_THERAPIES"),
          decisions: [],
          appointments: own.map((a) => ({ id: a.id, kind: a.kind as AfternoonKind, startsAt: a.slot.startsAt, endsAt: a.slot.endsAt, staffName: a.slot.staff?.name ?? null, status: a.status })),
          waitlisted: waitlist.filter((w) => w.patientId === person.id).map((w) => ({ kind: w.kind as AfternoonKind, reason: w.reason })),
        });
      }
    }
    const routed = [...patients.values()].sort((a, b) => a.name.localeCompare(b.name));
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "routing.view", entityType: "ClinicDay", entityId: clinicDayId, request: ctx.request },
      routed.map((p) => p.patientId),
    );
    return {
      id: day.id,
      date: day.date.toISOString().slice(0, 10),
      clinicName: day.clinic.name,
      status: day.status,
      handoverGapMinutes: day.clinic.handoverGapMinutes,
      threshold: day.clinic.phq4Threshold,
      patients: routed,
      freeSlots,
    };
  });
}
