import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";

/** The refusal for an NHS number already in the register, with a link to the patient who has it. */
export async function nhsNumberTaken(db: DbTx, nhsNumber: string): Promise<AppError> {
  const existing = await db.patient.findUnique({ where: { nhsNumber }, select: { id: true } });
  return new AppError("CONFLICT", `A patient with NHS number ${formatNhsNumber(nhsNumber)} is already registered.`, {
    fieldErrors: { nhsNumber: "This NHS number is already registered" },
    details: existing ? { existingPatientId: existing.id, href: `/patients/${existing.id}` } : undefined,
  });
}
