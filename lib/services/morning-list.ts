import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit, recordPatientViews } from "./audit";
import type { ServiceContext } from "./context";

export type MorningListEntry = {
  appointmentId: string;
  patientId: string;
  name: string;
  nhsNumber: string;
  startsAt: Date;
  status: string;
  checkedInAt: Date | null;
  phq4Total: number | null;
  station: number;
};

/**
 * The health buddy's morning: today's wrap-around appointments at their own
 * station (all stations for a buddy not rostered today), arrivals first.
 */
export async function getMorningList(ctx: ServiceContext, today: string = londonToday()) {
  assertPermission(ctx.actor, "assessment:record");
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({
      where: { date: new Date(`${today}T00:00:00Z`), status: "SCHEDULED", clinic: { pcnId: ctx.actor.pcnId } },
      include: { clinic: true, sessions: { where: { kind: "WRAP_AROUND" }, include: { staff: true } } },
    });
    if (!day) return null;
    const rosterColumns = day.sessions.flatMap((s) => s.staff.filter((r) => r.staffId === ctx.actor.id).map((r) => ({ sessionId: s.id, column: r.column })));
    const appointments = await tx.appointment.findMany({
      where: {
        clinicDayId: day.id,
        kind: "WRAP_AROUND",
        status: { in: ["BOOKED", "ARRIVED", "FULFILLED"] },
        ...(rosterColumns.length ? { slot: { OR: rosterColumns.map((r) => ({ sessionId: r.sessionId, column: r.column })) } } : {}),
      },
      include: {
        patient: { select: { id: true, givenName: true, familyName: true, nhsNumber: true } },
        slot: true,
        phq4Assessments: { where: { amendedBy: null }, select: { total: true } },
      },
    });
    const entries: MorningListEntry[] = appointments
      .map((a) => ({
        appointmentId: a.id,
        patientId: a.patientId,
        name: `${a.patient.givenName} ${a.patient.familyName}`,
        nhsNumber: a.patient.nhsNumber,
        startsAt: a.slot.startsAt,
        status: a.status,
        checkedInAt: a.checkedInAt,
        phq4Total: a.phq4Assessments[0]?.total ?? null,
        station: a.slot.column + 1,
      }))
      // Arrived and not yet screened first, then by appointment time.
      .sort((a, b) => rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime());
    await recordPatientViews(tx, { actor: ctx.actor, action: "morning-list.view", entityType: "ClinicDay", entityId: day.id, request: ctx.request }, entries.map((e) => e.patientId));
    return { clinicDayId: day.id, date: today, clinicName: day.clinic.name, rostered: rosterColumns.length > 0, entries };
  });
}

function rank(entry: MorningListEntry): number {
  if (entry.status === "ARRIVED" && entry.phq4Total === null) return 0;
  if (entry.status === "ARRIVED") return 1;
  return 2;
}

/** One morning appointment with what the health buddy needs to screen the patient. Audited as a view of the record. */
export async function getAssessmentContext(ctx: ServiceContext, appointmentId: unknown) {
  assertPermission(ctx.actor, "assessment:record");
  const id = parseInput(uuidSchema, appointmentId);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findUnique({
      where: { id },
      include: {
        patient: true,
        slot: true,
        clinicDay: { include: { clinic: true } },
        phq4Assessments: { orderBy: { recordedAt: "asc" } },
      },
    });
    if (!appointment || appointment.clinicDay.clinic.pcnId !== ctx.actor.pcnId || appointment.kind !== "WRAP_AROUND") {
      throw new AppError("NOT_FOUND", "That appointment was not found");
    }
    const afternoon = await tx.appointment.findMany({
      where: { clinicDayId: appointment.clinicDayId, patientId: appointment.patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
      include: { slot: { include: { staff: { select: { name: true } } } } },
      orderBy: { slot: { startsAt: "asc" } },
    });
    const waitlist = await tx.waitlistEntry.findMany({ where: { patientId: appointment.patientId, openClinicId: { not: null } } });
    await recordAudit(tx, { actor: ctx.actor, action: "patient.view", patientId: appointment.patientId, entityType: "Appointment", entityId: appointment.id, request: ctx.request, details: { screen: "assessment" } });
    return { appointment, afternoon, waitlist, threshold: appointment.clinicDay.clinic.phq4Threshold };
  });
}
