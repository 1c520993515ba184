/**
 * A morning that does not happen (did not attend, cancelled) undoes the day's
 * own routing of the patient's afternoon (a review or a booking from the
 * waitlist stays: the patient may still come for it), and the freed capacity
 * goes to the day's waitlisted patients at once, inside the caller's transaction.
 */
import type { DbTx } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/db/context";
import { reallocateFreedCapacity, routePatientAfternoon } from "@/lib/services/routing/internal/route-afternoon";

export type FreedAfternoon = {
  freed: Array<{ kind: "TALKING_THERAPIES" | "GP" }>;
  /** Waitlisted patients of the day booked into the freed capacity. */
  rebooked: number;
};

export async function freeAfternoonOfMorning(
  tx: DbTx,
  ctx: ServiceContext,
  input: { clinicDayId: string; patientId: string; cancelReason: string; now: Date },
): Promise<FreedAfternoon> {
  const before = await tx.appointment.findMany({
    where: { clinicDayId: input.clinicDayId, patientId: input.patientId, kind: { in: ["TALKING_THERAPIES", "GP"] }, status: "BOOKED" },
    select: { id: true, kind: true },
  });
  await routePatientAfternoon(tx, ctx, {
    clinicDayId: input.clinicDayId,
    patientId: input.patientId,
    event: { type: "morning-absent", reason: input.cancelReason },
    now: input.now,
  });
  const cancelled = await tx.appointment.findMany({ where: { id: { in: before.map((a) => a.id) }, status: "CANCELLED" }, select: { kind: true } });
  const freed = cancelled.map((a) => ({ kind: a.kind as "TALKING_THERAPIES" | "GP" }));
  const rebooked = freed.length > 0 ? await reallocateFreedCapacity(tx, ctx, input.clinicDayId, input.now) : 0;
  return { freed, rebooked };
}
