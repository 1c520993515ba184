/**
 * "Talking Therapies: waitlisted": which of these patients wait on an open
 * Talking Therapies waitlist entry, so the GP knows the therapist has not seen
 * them yet. One query, for the GP's afternoon list and the patient summary.
 */
import type { DbTx } from "@/lib/db/client";

export type TherapyWaitlisted = {
  waitlistEntryId: string;
  reason: string;
  /** The clinic day the patient was waitlisted from, and the day they wait for (a triage review), as YYYY-MM-DD. */
  fromDate: string;
  forDate: string | null;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Patient id → their open Talking Therapies waitlist entry; patients with none are absent. */
export async function loadTherapyWaitlisted(tx: DbTx, patientIds: readonly string[]): Promise<Map<string, TherapyWaitlisted>> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return new Map();
  const entries = await tx.waitlistEntry.findMany({
    where: { patientId: { in: ids }, kind: "TALKING_THERAPIES", openClinicId: { not: null } },
    select: { id: true, patientId: true, reason: true, fromClinicDay: { select: { date: true } }, forClinicDay: { select: { date: true } } },
    orderBy: { createdAt: "asc" },
  });
  return new Map(
    entries.map((e) => [
      e.patientId,
      { waitlistEntryId: e.id, reason: e.reason, fromDate: iso(e.fromClinicDay.date), forDate: e.forClinicDay ? iso(e.forClinicDay.date) : null },
    ]),
  );
}
