import { assertPermission, type Permission } from "@/lib/auth/permissions";
import { londonToday } from "@/lib/schedule";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { patientLanguage, type PatientLanguage } from "@/lib/patients/language";
import { loadOpenRisks, type OpenRisk } from "@/lib/services/risks/internal/open-risks";
import { loadTherapyWaitlisted, type TherapyWaitlisted } from "@/lib/services/routing/internal/therapy-waitlisted";

export type AfternoonEntry = {
  appointmentId: string;
  patientId: string;
  name: string;
  language: PatientLanguage;
  nhsNumber: string;
  startsAt: Date;
  endsAt: Date;
  clinician: string | null;
  status: string;
  reason: string | null;
  /** The patient's other afternoon appointment (GP after therapy, or therapy before GP). */
  other: { kind: "TALKING_THERAPIES" | "GP"; startsAt: Date } | null;
  /** True when the patient has an open risk from a triage on any day (to self, to others or from others), until a clinician records it reviewed or resolved. */
  risk: boolean;
  /** Each open risk: its kinds ("to self, from others"), the action taken and the triage's date, newest first. */
  risks: OpenRisk[];
  /** GP list: the patient waits on an open Talking Therapies waitlist entry (the therapist has not seen them yet). */
  therapyWaitlisted: TherapyWaitlisted | null;
  /** Whether this appointment's triage is recorded (Talking Therapies list). */
  triaged: boolean;
  /** NOSHOW: whether the patient left before being seen (else did not attend), and the clinician's note. */
  missed: { left: boolean; note: string | null } | null;
};

const PERMISSION: Record<"TALKING_THERAPIES" | "GP", Permission> = { TALKING_THERAPIES: "triage:record", GP: "care-plan:write" };

/**
 * Today's afternoon list for a Talking Therapies clinician or a GP, filled by
 * the routing: their own column when rostered, otherwise the whole session.
 */
export async function getAfternoonList(ctx: ServiceContext, kind: "TALKING_THERAPIES" | "GP", today: string = londonToday()) {
  assertPermission(ctx.actor, PERMISSION[kind]);
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({
      where: { date: new Date(`${today}T00:00:00Z`), status: "SCHEDULED", clinic: { pcnId: ctx.actor.pcnId } },
      include: { clinic: true, sessions: { where: { kind }, include: { staff: true } } },
    });
    if (!day) return null;
    const mine = day.sessions.flatMap((s) => s.staff.filter((r) => r.staffId === ctx.actor.id).map((r) => ({ sessionId: s.id, column: r.column })));
    const appointments = await tx.appointment.findMany({
      where: {
        clinicDayId: day.id,
        kind,
        activeSlotId: { not: null },
        ...(mine.length ? { slot: { OR: mine } } : {}),
      },
      include: { patient: true, slot: { include: { staff: { select: { name: true } } } } },
      orderBy: { slot: { startsAt: "asc" } },
    });
    const patientIds = appointments.map((a) => a.patientId);
    const others = await tx.appointment.findMany({
      where: { clinicDayId: day.id, patientId: { in: patientIds }, kind: kind === "GP" ? "TALKING_THERAPIES" : "GP", activeSlotId: { not: null } },
      include: { slot: true },
    });
    const triaged = await tx.triageOutcome.findMany({
      where: { appointmentId: { in: appointments.map((a) => a.id) } },
      select: { appointmentId: true },
    });
    const openRisks = await loadOpenRisks(tx, patientIds);
    const therapyWaitlisted = kind === "GP" ? await loadTherapyWaitlisted(tx, patientIds) : new Map<string, TherapyWaitlisted>();
    const entries: AfternoonEntry[] = appointments.map((a) => {
      const other = others.find((o) => o.patientId === a.patientId);
      const risks = openRisks.get(a.patientId) ?? [];
      return {
        appointmentId: a.id,
        patientId: a.patientId,
        name: `${a.patient.givenName} ${a.patient.familyName}`,
        language: patientLanguage(a.patient),
        nhsNumber: a.patient.nhsNumber,
        startsAt: a.slot.startsAt,
        endsAt: a.slot.endsAt,
        clinician: a.slot.staff?.name ?? null,
        status: a.status,
        reason: a.reason,
        other: other ? { kind: other.kind as "TALKING_THERAPIES" | "GP", startsAt: other.slot.startsAt } : null,
        risk: risks.length > 0,
        risks,
        therapyWaitlisted: therapyWaitlisted.get(a.patientId) ?? null,
        triaged: triaged.some((t) => t.appointmentId === a.id),
        missed: a.status === "NOSHOW" ? { left: a.leftBeforeSeen, note: a.noShowReason } : null,
      };
    });
    // The GP sees anyone with an open risk first, whatever their time, so it is not missed in a long list.
    if (kind === "GP") entries.sort((x, y) => Number(y.risk) - Number(x.risk));
    const waitlist = await tx.waitlistEntry.findMany({
      where: { clinicId: day.clinicId, openClinicId: { not: null }, ...(kind === "TALKING_THERAPIES" ? { kind } : {}) },
      include: { patient: { select: { givenName: true, familyName: true, nhsNumber: true } }, fromClinicDay: { select: { date: true } } },
      orderBy: { createdAt: "asc" },
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "afternoon-list.view", entityType: "ClinicDay", entityId: day.id, request: ctx.request, details: { kind } },
      [...patientIds, ...waitlist.map((w) => w.patientId)],
    );
    return { clinicDayId: day.id, clinicName: day.clinic.name, rostered: mine.length > 0, entries, waitlist };
  });
}
