import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { bmi } from "@/lib/wrap-around";
import { uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type SavedWrapAroundCheck = {
  systolic: number | null;
  diastolic: number | null;
  pulse: number | null;
  weightKg: number | null;
  heightCm: number | null;
  bmi: number | null;
  bloodsTaken: boolean;
  footCheck: string | null;
  spirometry: string | null;
  inhalerCheck: string | null;
  otherTests: string | null;
  notes: string | null;
  recordedAt: Date;
  recordedByName: string;
};

/** The saved wrap-around checks for a morning appointment (null before any are saved). Clinical content: audited as a view. */
export async function getWrapAroundCheck(ctx: ServiceContext, appointmentId: unknown): Promise<SavedWrapAroundCheck | null> {
  assertPermission(ctx.actor, "clinical:view");
  const id = parseInput(uuidSchema, appointmentId);
  return ctx.db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findUnique({
      where: { id },
      select: { patientId: true, kind: true, clinicDay: { select: { clinic: { select: { pcnId: true } } } } },
    });
    if (!appointment || appointment.clinicDay.clinic.pcnId !== ctx.actor.pcnId || appointment.kind !== "WRAP_AROUND") {
      throw new AppError("NOT_FOUND", "That appointment was not found");
    }
    const check = await tx.wrapAroundCheck.findUnique({ where: { appointmentId: id } });
    if (!check) return null;
    const recordedBy = await tx.staffUser.findUnique({ where: { id: check.recordedById }, select: { name: true } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "wrap-around.view",
      patientId: appointment.patientId,
      entityType: "WrapAroundCheck",
      entityId: check.id,
      request: ctx.request,
    });
    const weightKg = check.weightKg?.toNumber() ?? null;
    const heightCm = check.heightCm?.toNumber() ?? null;
    return {
      systolic: check.systolic,
      diastolic: check.diastolic,
      pulse: check.pulse,
      weightKg,
      heightCm,
      bmi: bmi(weightKg, heightCm),
      bloodsTaken: check.bloodsTaken,
      footCheck: check.footCheck,
      spirometry: check.spirometry,
      inhalerCheck: check.inhalerCheck,
      otherTests: check.otherTests,
      notes: check.notes,
      recordedAt: check.recordedAt,
      recordedByName: recordedBy?.name ?? "a former member of staff",
    };
  });
}
