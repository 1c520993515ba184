import { assertPermission } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { channelsWithdrawn } from "@/lib/reminders";
import { parseInput } from "@/lib/validation/parse";
import { updatePatientSchema } from "@/lib/validation/patient-register";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { nhsNumberTaken } from "@/lib/services/patients/internal/patient-conflict";
import { cancelWithdrawnReminders } from "@/lib/services/reminders/internal/reminder-outbox";

/**
 * Changes a patient's details in the register. Validated exactly as a new
 * patient is; the audit event names the fields changed, never their values,
 * except that a reminder consent is named as given or withdrawn. A change that
 * takes a reminder channel away (its consent withdrawn, the number or address
 * removed) cancels that channel's queued reminders in the same transaction.
 */
export async function updatePatient(ctx: ServiceContext, input: unknown): Promise<{ id: string; changed: string[] }> {
  assertPermission(ctx.actor, "patient:edit");
  const { id, ...data } = parseInput(updatePatientSchema, input);
  // Optional fields left empty clear what was stored.
  const next = {
    ...data,
    dateOfBirth: new Date(`${data.dateOfBirth}T00:00:00Z`),
    phone: data.phone ?? null,
    email: data.email ?? null,
    accessibilityNeeds: data.accessibilityNeeds ?? null,
  };
  try {
    return await ctx.db.$transaction(async (tx) => {
      const existing = await tx.patient.findFirst({ where: { id, practice: { pcnId: ctx.actor.pcnId } } });
      if (!existing) throw new AppError("NOT_FOUND", "That patient was not found in your PCN's register.");
      const practice = await tx.practice.findUnique({ where: { id: data.practiceId } });
      if (!practice || practice.pcnId !== ctx.actor.pcnId) {
        throw new AppError("VALIDATION", "Choose the patient's registered practice", {
          fieldErrors: { practiceId: "Choose the patient's registered practice" },
        });
      }
      const same = (key: keyof typeof next): boolean => {
        const before: unknown = existing[key];
        const after: unknown = next[key];
        if (before instanceof Date && after instanceof Date) return before.getTime() === after.getTime();
        if (Array.isArray(before) && Array.isArray(after)) return [...before].sort().join() === [...after].sort().join();
        return before === after;
      };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => !same(key));
      if (changed.length > 0) await tx.patient.update({ where: { id }, data: next });
      // A record of consent must say what was given or withdrawn, so these two are named with their new state.
      const consent: { text?: "given" | "withdrawn"; email?: "given" | "withdrawn" } = {};
      if (changed.includes("consentToTextReminders")) consent.text = next.consentToTextReminders ? "given" : "withdrawn";
      if (changed.includes("consentToEmailReminders")) consent.email = next.consentToEmailReminders ? "given" : "withdrawn";
      const remindersCancelled = await cancelWithdrawnReminders(tx, id, channelsWithdrawn(existing, next), next);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "patient.update",
        patientId: id,
        entityType: "Patient",
        entityId: id,
        request: ctx.request,
        details: {
          changed,
          ...(Object.keys(consent).length > 0 ? { consent } : {}),
          ...(Object.keys(remindersCancelled).length > 0 ? { remindersCancelled } : {}),
        },
      });
      return { id, changed };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await nhsNumberTaken(ctx, data.nhsNumber, "update");
    throw error;
  }
}
