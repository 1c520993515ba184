/** How many afternoon slots are free on later clinic days, for the triage form's review day choice. */
import type { DbTx } from "@/lib/db/client";

type AfternoonKind = "TALKING_THERAPIES" | "GP";

/** How many slots of the kind are free on each of the days. */
export async function freeSlotCounts(tx: DbTx, clinicDayIds: readonly string[], kind: AfternoonKind): Promise<Map<string, number>> {
  const counts = new Map(clinicDayIds.map((id) => [id, 0]));
  if (clinicDayIds.length === 0) return counts;
  const slots = await tx.slot.findMany({
    where: { session: { clinicDayId: { in: [...clinicDayIds] }, kind } },
    select: { id: true, session: { select: { clinicDayId: true } } },
  });
  const taken = new Set(
    (
      await tx.appointment.findMany({
        where: { clinicDayId: { in: [...clinicDayIds] }, kind, activeSlotId: { not: null } },
        select: { slotId: true },
      })
    ).map((a) => a.slotId),
  );
  for (const s of slots) if (!taken.has(s.id)) counts.set(s.session.clinicDayId, (counts.get(s.session.clinicDayId) ?? 0) + 1);
  return counts;
}
