import type { ClockOption, PatientLinkContext } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { scorePhq4 } from "@/lib/phq4";
import { patientPhq4Schema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";
import { requireCurrentAppointment } from "@/lib/services/patient-links/internal/patient-visit";
import { linkCtxAudit } from "@/lib/services/patient-links/internal/link-audit";

/**
 * The patient answers the PHQ-4 at home, before the day (optional). The answers are kept as sent
 * (HomePhq4Response, append-only; answering again adds a row and the latest is shown) and never route anything:
 * on the day the health buddy sees them marked "answered at home" and confirms them with the patient or asks again
 * (recordPhq4 with confirmsHomeId); routing uses only that confirmed PHQ-4. Once checked in, the questions are
 * the health buddy's.
 */
export async function answerPhq4ViaLink(ctx: PatientLinkContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  const answers = parseInput(patientPhq4Schema, input);
  const { total } = scorePhq4(answers);
  const [nervous, worrying, littleInterest, feelingDown] = answers;
  const now = clock.now ?? new Date();
  const { link } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const appointment = await requireCurrentAppointment(tx, link.pcnId, link.patientId, now);
    if (appointment.status !== "BOOKED") {
      throw new AppError("CONFLICT", "You are already checked in: the health buddy will ask you these questions.");
    }
    const response = await tx.homePhq4Response.create({
      data: {
        patientId: link.patientId,
        appointmentId: appointment.id,
        patientLinkId: link.id,
        nervous,
        worrying,
        littleInterest,
        feelingDown,
        total,
        answeredAt: now,
      },
      select: { id: true },
    });
    // The answers are in their own row; the audit trail says only that they were given.
    await recordAudit(tx, linkCtxAudit(ctx, "patient.link.phq4", { appointmentId: appointment.id, homePhq4ResponseId: response.id }));
    return { id: response.id };
  });
}
