import { PATIENT_LANGUAGE, patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { assertPermission } from "@/lib/auth/permissions";
import { londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";
import { CURRENT_PHQ4 } from "@/lib/phq4/current";

export type MorningListEntry = {
  appointmentId: string;
  patientId: string;
  name: string;
  language: PatientLanguage;
  nhsNumber: string;
  startsAt: Date;
  status: string;
  checkedInAt: Date | null;
  phq4Total: number | null;
  /** The total of the patient's answers from home, while no PHQ-4 has been recorded (to confirm with them). */
  homePhq4Total: number | null;
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
    const rosterColumns = day.sessions.flatMap((s) =>
      s.staff.filter((r) => r.staffId === ctx.actor.id).map((r) => ({ sessionId: s.id, column: r.column })),
    );
    const appointments = await tx.appointment.findMany({
      where: {
        clinicDayId: day.id,
        kind: "WRAP_AROUND",
        status: { in: [...SEEN_OR_WAITING_STATUSES] },
        ...(rosterColumns.length ? { slot: { OR: rosterColumns.map((r) => ({ sessionId: r.sessionId, column: r.column })) } } : {}),
      },
      include: {
        patient: { select: { id: true, givenName: true, familyName: true, nhsNumber: true, ...PATIENT_LANGUAGE } },
        slot: true,
        phq4Assessments: { where: CURRENT_PHQ4, select: { total: true } },
        homePhq4: { orderBy: { answeredAt: "desc" }, take: 1, select: { total: true } },
      },
    });
    const entries: MorningListEntry[] = appointments
      .map((a) => ({
        appointmentId: a.id,
        patientId: a.patientId,
        name: `${a.patient.givenName} ${a.patient.familyName}`,
        language: patientLanguage(a.patient),
        nhsNumber: a.patient.nhsNumber,
        startsAt: a.slot.startsAt,
        status: a.status,
        checkedInAt: a.checkedInAt,
        phq4Total: a.phq4Assessments[0]?.total ?? null,
        homePhq4Total: a.phq4Assessments[0] ? null : (a.homePhq4[0]?.total ?? null),
        station: a.slot.column + 1,
      }))
      // Arrived and not yet screened first, then by appointment time.
      .sort((a, b) => rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime());
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "morning-list.view", entityType: "ClinicDay", entityId: day.id, request: ctx.request },
      entries.map((e) => e.patientId),
    );
    return { clinicDayId: day.id, date: today, clinicName: day.clinic.name, rostered: rosterColumns.length > 0, entries };
  });
}

function rank(entry: MorningListEntry): number {
  if (entry.status === "ARRIVED" && entry.phq4Total === null) return 0;
  if (entry.status === "ARRIVED") return 1;
  return 2;
}
