import { assertPermission } from "@/lib/auth/permissions";
import type { AppointmentStatus, LongTermCondition, SessionKind, Sex } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse";
import { patientIdSchema } from "@/lib/validation/patient-register";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type PatientRecord = {
  id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: Sex;
  phone: string | null;
  email: string | null;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  accessibilityNeeds: string | null;
  longTermConditions: LongTermCondition[];
  consentToTextReminders: boolean;
  consentToEmailReminders: boolean;
  practice: { id: string; name: string; odsCode: string };
  updatedAt: Date;
  /** Bookings only: no clinical content, which reception may not see. */
  appointments: Array<{
    id: string;
    clinicDayId: string;
    /** YYYY-MM-DD */
    date: string;
    clinicName: string;
    kind: SessionKind;
    startsAt: Date;
    status: AppointmentStatus;
  }>;
};

/** One patient of the actor's PCN: demographics and appointments. Audited as a view of the record. */
export async function getPatientRecord(ctx: ServiceContext, input: unknown, purpose: "view" | "edit" = "view"): Promise<PatientRecord> {
  assertPermission(ctx.actor, purpose === "edit" ? "patient:edit" : "patient:view");
  const { id } = parseInput(patientIdSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const patient = await tx.patient.findFirst({
      where: { id, practice: { pcnId: ctx.actor.pcnId } },
      include: {
        practice: { select: { id: true, name: true, odsCode: true } },
        appointments: {
          orderBy: { slot: { startsAt: "desc" } },
          select: {
            id: true,
            clinicDayId: true,
            kind: true,
            status: true,
            clinicDay: { select: { date: true, clinic: { select: { name: true } } } },
            slot: { select: { startsAt: true } },
          },
        },
      },
    });
    if (!patient) throw new AppError("NOT_FOUND", "That patient was not found in your PCN's register.");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "patient.view",
      patientId: patient.id,
      entityType: "Patient",
      entityId: patient.id,
      request: ctx.request,
      details: { purpose },
    });
    return {
      id: patient.id,
      nhsNumber: patient.nhsNumber,
      givenName: patient.givenName,
      familyName: patient.familyName,
      dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10),
      sex: patient.sex,
      phone: patient.phone,
      email: patient.email,
      preferredLanguage: patient.preferredLanguage,
      interpreterNeeded: patient.interpreterNeeded,
      accessibilityNeeds: patient.accessibilityNeeds,
      longTermConditions: patient.longTermConditions,
      consentToTextReminders: patient.consentToTextReminders,
      consentToEmailReminders: patient.consentToEmailReminders,
      practice: patient.practice,
      updatedAt: patient.updatedAt,
      appointments: patient.appointments.map((a) => ({
        id: a.id,
        clinicDayId: a.clinicDayId,
        date: a.clinicDay.date.toISOString().slice(0, 10),
        clinicName: a.clinicDay.clinic.name,
        kind: a.kind,
        startsAt: a.slot.startsAt,
        status: a.status,
      })),
    };
  });
}
