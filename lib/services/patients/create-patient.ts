import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { patientSchema } from "@/lib/validation/patient";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { nhsNumberTaken } from "@/lib/services/patients/internal/patient-conflict";

/** Adds a patient to the register. A second patient with the same NHS number is refused: with a link to the first within the PCN, with what to do (and nothing about them) for another PCN's. */
export async function createPatient(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertPermission(ctx.actor, "patient:edit");
  const data = parseInput(patientSchema, input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const practice = await tx.practice.findUnique({ where: { id: data.practiceId } });
      if (!practice || practice.pcnId !== ctx.actor.pcnId) {
        throw new AppError("VALIDATION", "Choose the patient's registered practice", {
          fieldErrors: { practiceId: "Choose the patient's registered practice" },
        });
      }
      const patient = await tx.patient.create({
        data: { ...data, dateOfBirth: new Date(`${data.dateOfBirth}T00:00:00Z`) },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "patient.create",
        patientId: patient.id,
        entityType: "Patient",
        entityId: patient.id,
        request: ctx.request,
        // What the patient agreed to when registered: the start of their consent record.
        details: {
          consent: {
            text: data.consentToTextReminders ? "given" : "not given",
            email: data.consentToEmailReminders ? "given" : "not given",
          },
        },
      });
      return patient;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await nhsNumberTaken(ctx, data.nhsNumber, "create");
    throw error;
  }
}
