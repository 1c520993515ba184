import type { ClockOption, PublicContext } from "@/lib/db/context";
import { recordAudit, type AuditEntry } from "@/lib/db/audit";
import { releasePasswordCheck, reservePasswordCheck } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors/app-error";
import { ADDRESS_LIMITS, hashToken, isTokenShaped } from "@/lib/patient-links";
import { GO_TO_DESK, matchArrival, type ArrivalOutcome } from "@/lib/patient-links/arrival";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";
import { patientArrivalSchema } from "@/lib/validation/patient-arrival";
import { parseInput } from "@/lib/validation/parse";
import { selfCheckIn } from "@/lib/services/patient-links/internal/self-check-in";

/** Shown as the actor in the audit trail for a check-in through the desk's code. */
export const PATIENT_ARRIVAL_ACTOR = "patient (desk check-in code)";

export const CODE_NOT_IN_USE = "This check-in code is not in use today. Please go to the reception desk.";

const addressKey = (ip: string) => `patient-arrive:${ip}`;

/**
 * A patient checks themselves in with the desk's code for today's clinic day: their date of birth and the first
 * letter of their surname must match exactly one patient with an appointment that day, whose morning appointment
 * is booked, not yet routed, and inside the self check-in window (lib/patient-links/arrival.ts). Then the same
 * self check-in step as a patient's link (selfCheckIn). Anything else checks in nobody and says only "go to the
 * desk"; the try is counted on the code and audited without patient data. Each client address has an allowance
 * (the sign-in throttle's rows), so a phone cannot try the day's dates of birth.
 */
export async function checkInWithArrivalCode(ctx: PublicContext, code: string, input: unknown, clock: ClockOption = {}): Promise<{ time: string }> {
  const now = clock.now ?? new Date();
  const ip = ctx.request?.ip ?? "unknown";
  if (!(await reservePasswordCheck(ctx.db, addressKey(ip), now, ADDRESS_LIMITS.perAddress))) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many attempts from this device. Please go to the reception desk, or wait ${ADDRESS_LIMITS.windowMinutes} minutes.`,
    );
  }
  if (!isTokenShaped(code)) throw new AppError("NOT_FOUND", CODE_NOT_IN_USE);
  const typed = parseInput(patientArrivalSchema, input);
  const row = await ctx.db.clinicDayArrivalCode.findUnique({
    where: { codeHash: hashToken(code) },
    select: { id: true, clinicDayId: true, replacedAt: true, clinicDay: { select: { date: true, status: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", CODE_NOT_IN_USE);
  const date = dateOnly(row.clinicDay.date);
  const audit = (outcome: AuditEntry["outcome"], details: Record<string, string>, patientId?: string): AuditEntry => ({
    actorEmail: PATIENT_ARRIVAL_ACTOR,
    action: "patient.arrive.check-in",
    outcome,
    patientId: patientId ?? null,
    entityType: "ClinicDayArrivalCode",
    entityId: row.id,
    request: ctx.request,
    details: { clinicDayId: row.clinicDayId, ...details },
  });
  const refused = row.replacedAt
    ? "REPLACED"
    : row.clinicDay.status !== "SCHEDULED"
      ? "DAY_CANCELLED"
      : date !== londonToday(now)
        ? "NOT_TODAY"
        : null;
  if (refused) {
    await recordAudit(ctx.db, audit("DENIED", { reason: refused }));
    throw new AppError("FORBIDDEN", CODE_NOT_IN_USE);
  }

  // The check-in, or the failed try's count and audit event, committed before the patient is told.
  const checkedIn = await ctx.db.$transaction(async (tx) => {
    const appointments = await tx.appointment.findMany({
      where: { clinicDayId: row.clinicDayId },
      select: {
        id: true,
        patientId: true,
        kind: true,
        status: true,
        slot: { select: { startsAt: true } },
        patient: { select: { dateOfBirth: true, familyName: true } },
      },
    });
    const routed = new Set(
      (await tx.routingDecision.findMany({ where: { clinicDayId: row.clinicDayId }, select: { patientId: true }, distinct: ["patientId"] })).map(
        (r) => r.patientId,
      ),
    );
    let outcome: ArrivalOutcome = matchArrival(
      appointments.map((a) => ({
        appointmentId: a.id,
        patientId: a.patientId,
        dateOfBirth: dateOnly(a.patient.dateOfBirth),
        familyName: a.patient.familyName,
        morning: a.kind === "WRAP_AROUND",
        status: a.status,
        startsAt: a.slot.startsAt,
        routed: routed.has(a.patientId),
      })),
      typed,
      now,
    );
    if (outcome.kind === "CHECK_IN") {
      const result = await selfCheckIn(
        tx,
        { id: outcome.appointmentId, clinicDayId: row.clinicDayId, patientId: outcome.patientId, date },
        now,
        ctx.request,
        audit("SUCCESS", { appointmentId: outcome.appointmentId }, outcome.patientId),
      );
      if (result === "ARRIVED") return { time: formatLondon(outcome.startsAt, "HH:mm") };
      outcome = { kind: "DESK", reason: result };
    }
    await tx.clinicDayArrivalCode.update({ where: { id: row.id }, data: { failedAttempts: { increment: 1 } } });
    await recordAudit(tx, audit("DENIED", { reason: outcome.reason }));
    return null;
  });
  if (!checkedIn) throw new AppError("CONFLICT", GO_TO_DESK);
  // A patient checked in does not use up the address's allowance (a waiting room may share one address).
  await releasePasswordCheck(ctx.db, addressKey(ip));
  return checkedIn;
}
