import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { bmi } from "@/lib/wrap-around";
import { parseInput } from "@/lib/validation/parse";
import { wrapAroundCheckSchema } from "@/lib/validation/wrap-around";
import { WRAP_AROUND_FIELDS } from "@/lib/wrap-around/labels";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";

/** Decimal columns come back as Prisma Decimals; compare them as numbers. */
function plain(value: unknown): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "toNumber" in value && typeof value.toNumber === "function") return value.toNumber() as number;
  return value as number | string | boolean;
}

export type RecordWrapAroundCheckResult = {
  id: string;
  updated: boolean;
  /** Names of the fields that changed (never their values: the audit trail is not a second clinical record). */
  changed: string[];
  bmi: number | null;
};

/**
 * Saves the wrap-around checks for a checked-in morning appointment: one record
 * per appointment, so a second save replaces the first (blank fields clear what
 * was there, as the form shows the saved values to edit). recordedBy/recordedAt
 * name whoever saved the values now stored; the audit trail keeps each save and
 * which fields it changed.
 */
export async function recordWrapAroundCheck(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<RecordWrapAroundCheckResult> {
  assertPermission(ctx.actor, "assessment:record");
  const { appointmentId, ...values } = parseInput(wrapAroundCheckSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findUnique({
      where: { id: appointmentId },
      select: { id: true, kind: true, status: true, patientId: true, clinicDay: { select: { clinic: { select: { pcnId: true } } } } },
    });
    if (!appointment || appointment.clinicDay.clinic.pcnId !== ctx.actor.pcnId) throw new AppError("NOT_FOUND", "That appointment was not found");
    if (appointment.kind !== "WRAP_AROUND")
      throw new AppError("VALIDATION", "Wrap-around checks are recorded at the morning wrap-around appointment");
    if (appointment.status !== "ARRIVED" && appointment.status !== "FULFILLED") {
      throw new AppError("VALIDATION", "Check the patient in before recording their wrap-around checks");
    }
    const data = {
      systolic: values.systolic ?? null,
      diastolic: values.diastolic ?? null,
      pulse: values.pulse ?? null,
      weightKg: values.weightKg ?? null,
      heightCm: values.heightCm ?? null,
      bloodsTaken: values.bloodsTaken,
      footCheck: values.footCheck ?? null,
      spirometry: values.spirometry ?? null,
      inhalerCheck: values.inhalerCheck ?? null,
      otherTests: values.otherTests ?? null,
      notes: values.notes ?? null,
    };
    const previous = await tx.wrapAroundCheck.findUnique({ where: { appointmentId } });
    const changed = previous
      ? WRAP_AROUND_FIELDS.filter((f) => plain(previous[f]) !== data[f])
      : WRAP_AROUND_FIELDS.filter((f) => data[f] !== null && data[f] !== false);
    const stored = { ...data, recordedById: ctx.actor.id, recordedAt: now };
    const check = await tx.wrapAroundCheck.upsert({
      where: { appointmentId },
      create: { appointmentId, patientId: appointment.patientId, ...stored },
      update: stored,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: previous ? "wrap-around.update" : "wrap-around.record",
      patientId: appointment.patientId,
      entityType: "WrapAroundCheck",
      entityId: check.id,
      request: ctx.request,
      details: { changed },
    });
    return { id: check.id, updated: Boolean(previous), changed, bmi: bmi(values.weightKg, values.heightCm) };
  });
}
