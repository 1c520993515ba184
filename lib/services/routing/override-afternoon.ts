import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { londonToday } from "@/lib/schedule";
import { overrideAfternoonSchema } from "@/lib/validation/routing";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { routePatientAfternoon, type RoutingOutcome } from "@/lib/services/routing/internal/route-afternoon";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";
import { CURRENT_PHQ4, PHQ4_NEWEST_FIRST } from "@/lib/phq4/current";

/**
 * A clinician includes or excludes Talking Therapies whatever the score said
 * (a total of 2 the buddy is worried about; a positive screen who declines).
 * The afternoon is re-planned by the same routing as a PHQ-4, and the decision
 * is stored as an override with the clinician's name and reason.
 */
export async function overrideAfternoon(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<RoutingOutcome> {
  assertPermission(ctx.actor, "routing:override");
  const { patientId, clinicDayId, talkingTherapies, reason } = parseInput(overrideAfternoonSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(
    async (tx) => {
      const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } } });
      if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found. Refresh the page.");
      if (day.status !== "SCHEDULED") throw new AppError("VALIDATION", "That clinic day has been cancelled, so its afternoon cannot be changed.");
      if (day.date.toISOString().slice(0, 10) < londonToday(now)) {
        throw new AppError("VALIDATION", "That clinic day has already happened, so its afternoon cannot be changed.");
      }
      const morning = await tx.appointment.findFirst({
        where: { clinicDayId, patientId, kind: "WRAP_AROUND", status: { in: [...SEEN_OR_WAITING_STATUSES] } },
        select: { id: true },
      });
      if (!morning) {
        throw new AppError("VALIDATION", "This patient has no morning appointment that day, so their afternoon cannot be routed.");
      }
      const assessment = await tx.phq4Assessment.findFirst({ where: { appointmentId: morning.id, ...CURRENT_PHQ4 }, orderBy: PHQ4_NEWEST_FIRST });
      const decision = `Override by ${ctx.actor.name}: ${reason}`;
      const outcome = await routePatientAfternoon(tx, ctx, {
        clinicDayId,
        patientId,
        phq4AssessmentId: assessment?.id,
        event: { type: "screen", talkingTherapies, reason: decision, override: true },
        now,
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "routing.override",
        patientId,
        entityType: "ClinicDay",
        entityId: clinicDayId,
        request: ctx.request,
        details: { talkingTherapies, reason, phq4Total: assessment?.total ?? null },
      });
      return outcome;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
