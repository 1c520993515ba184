import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { patientPreparationSchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";
import { requireCurrentAppointment } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

/**
 * The patient goes through the preparation call's checklist themselves and confirms each item: a preparation
 * completed online counts as the preparation call (PreparationCall with doneViaLinkId; reception's lists show it
 * done "by the patient, online"). Every item must be confirmed. A later call by staff replaces it.
 */
export async function prepareViaLink(ctx: PatientLinkContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  const answers = parseInput(patientPreparationSchema, input);
  const missing = (
    ["formatUnderstood", "fastingUnderstood", "bringMedicinesList", "interpreterNeedsConfirmed", "accessNeedsConfirmed"] as const
  ).filter((item) => !answers[item]);
  if (missing.length > 0) {
    throw new AppError("VALIDATION", "Confirm each item to finish preparing", {
      fieldErrors: Object.fromEntries(missing.map((item) => [item, "Confirm you have read this"])),
    });
  }
  const now = clock.now ?? new Date();
  const { link } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
    if (appointment.status !== "BOOKED") throw new AppError("CONFLICT", "You are already checked in, so there is nothing more to prepare.");
    const data = {
      formatExplained: true,
      fastingAdvised: true,
      bringMedicinesList: true,
      interpreterArranged: true,
      accessNeedsNoted: true,
      notes: answers.accessNeeds ? `Access needs given by the patient: ${answers.accessNeeds}` : null,
      doneById: null,
      doneViaLinkId: link.id,
      doneAt: now,
    };
    const call = await tx.preparationCall.upsert({
      where: { appointmentId: appointment.id },
      create: { appointmentId: appointment.id, ...data },
      update: data,
      select: { id: true },
    });
    await recordAudit(tx, {
      ...linkCtxAudit(ctx, "patient.link.prepare", {
        appointmentId: appointment.id,
        preparationCallId: call.id,
        accessNeeds: answers.accessNeeds ? "(given)" : null,
      }),
    });
    return { id: call.id };
  });
}
