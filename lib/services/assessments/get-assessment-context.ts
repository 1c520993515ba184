import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

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
        // The patient's latest answers from home (through their link): shown as "answered at home" to confirm.
        homePhq4: { orderBy: { answeredAt: "desc" }, take: 1 },
      },
    });
    if (!appointment || appointment.clinicDay.clinic.pcnId !== ctx.actor.pcnId || appointment.kind !== "WRAP_AROUND") {
      throw new AppError("NOT_FOUND", "That appointment was not found");
    }
    const afternoon = await tx.appointment.findMany({
      where: {
        clinicDayId: appointment.clinicDayId,
        patientId: appointment.patientId,
        kind: { in: ["TALKING_THERAPIES", "GP"] },
        activeSlotId: { not: null },
      },
      include: { slot: { include: { staff: { select: { name: true } } } } },
      orderBy: { slot: { startsAt: "asc" } },
    });
    const waitlist = await tx.waitlistEntry.findMany({ where: { patientId: appointment.patientId, openClinicId: { not: null } } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "patient.view",
      patientId: appointment.patientId,
      entityType: "Appointment",
      entityId: appointment.id,
      request: ctx.request,
      details: { screen: "assessment" },
    });
    return { appointment, afternoon, waitlist, threshold: appointment.clinicDay.clinic.phq4Threshold };
  });
}
