import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import type { AfternoonKind } from "@/lib/appointments/kinds";

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
    const actors = new Map(
      (await tx.staffUser.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]),
    );
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
          .map((a) => ({
            id: a.id,
            kind: a.kind as AfternoonKind,
            startsAt: a.slot.startsAt,
            endsAt: a.slot.endsAt,
            staffName: a.slot.staff?.name ?? null,
            status: a.status,
          })),
        waitlisted: waitlist.filter((w) => w.patientId === d.patientId).map((w) => ({ kind: w.kind as AfternoonKind, reason: w.reason })),
      };
      p.talkingTherapies = d.talkingTherapies;
      p.decisions.push({
        id: d.id,
        at: d.createdAt,
        talkingTherapies: d.talkingTherapies,
        reason: d.reason,
        override: d.override,
        by: actors.get(d.actorId) ?? null,
      });
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
          appointments: own.map((a) => ({
            id: a.id,
            kind: a.kind as AfternoonKind,
            startsAt: a.slot.startsAt,
            endsAt: a.slot.endsAt,
            staffName: a.slot.staff?.name ?? null,
            status: a.status,
          })),
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
