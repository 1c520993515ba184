import { assertPermission } from "@/lib/auth/permissions";
import { londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import type { AfternoonKind } from "@/lib/appointments/kinds";

export type WaitlistRow = {
  id: string;
  patientId: string;
  name: string;
  language: PatientLanguage;
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
      include: {
        patient: true,
        clinic: { select: { name: true } },
        fromClinicDay: { select: { date: true } },
        forClinicDay: { select: { date: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const clinicIds = [...new Set(entries.map((e) => e.clinicId))];
    const upcoming = await tx.clinicDay.findMany({
      where: { clinicId: { in: clinicIds }, status: "SCHEDULED", date: { gte: new Date(`${today}T00:00:00Z`) } },
      orderBy: { date: "asc" },
      select: { id: true, clinicId: true, date: true },
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "waitlist.view", entityType: "WaitlistEntry", request: ctx.request },
      entries.map((e) => e.patientId),
    );
    return entries.map((e) => {
      const fromDate = e.fromClinicDay.date.toISOString().slice(0, 10);
      // A triage review waits for its chosen day while that day is still to come; otherwise the next day after it.
      const next =
        upcoming.find((d) => d.id === e.forClinicDayId) ??
        upcoming.find((d) => d.clinicId === e.clinicId && d.date.toISOString().slice(0, 10) > fromDate);
      return {
        id: e.id,
        patientId: e.patientId,
        name: `${e.patient.givenName} ${e.patient.familyName}`,
        language: patientLanguage(e.patient),
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
