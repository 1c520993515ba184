import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { arrivalCode } from "@/lib/patient-links/arrival";
import { hashToken, newToken } from "@/lib/patient-links";
import { arrivalCodeDaySchema } from "@/lib/validation/patient-arrival";
import { parseInput } from "@/lib/validation/parse";
import { arrivalCodeDay } from "@/lib/services/clinic-days/internal/arrival-code-day";

/**
 * Makes the desk's check-in code for a clinic day, or replaces it: the current one is marked replaced (its printed
 * copies stop working at once) and a new random seed is stored with the new code's hash, in one transaction. One
 * current code per day is a partial unique index, so two desks replacing at once leave exactly one.
 */
export async function makeArrivalCode(ctx: ServiceContext, input: unknown, options: { secret: string } & ClockOption): Promise<{ id: string }> {
  assertPermission(ctx.actor, "appointment:arrive");
  const { clinicDayId } = parseInput(arrivalCodeDaySchema, input);
  const now = options.now ?? new Date();
  const seed = newToken();
  const codeHash = hashToken(arrivalCode(options.secret, seed));
  try {
    return await ctx.db.$transaction(async (tx) => {
      const day = await arrivalCodeDay(tx, ctx.actor.pcnId, clinicDayId, now);
      if (!day.mayMake) throw new AppError("CONFLICT", "A check-in code can only be made for today or a later clinic day that is not cancelled.");
      const { count: replaced } = await tx.clinicDayArrivalCode.updateMany({
        where: { clinicDayId: day.id, replacedAt: null },
        data: { replacedAt: now },
      });
      const row = await tx.clinicDayArrivalCode.create({
        data: { clinicDayId: day.id, seed, codeHash, createdById: ctx.actor.id, createdAt: now },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: replaced ? "clinic-day.arrival-code.replace" : "clinic-day.arrival-code.create",
        entityType: "ClinicDayArrivalCode",
        entityId: row.id,
        request: ctx.request,
        details: { clinicDayId: day.id, date: day.date },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Someone else has just made a new check-in code. Refresh the page.");
    throw error;
  }
}
