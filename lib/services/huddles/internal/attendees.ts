import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/** Who may sit in a huddle: the PCN's Talking Therapies clinicians, GPs, clinic leads and mental health partners. */
const HUDDLE_ROLES = ["THERAPIST", "GP", "CLINIC_LEAD", "MENTAL_HEALTH_PARTNER"] as const;

const MESSAGE = "Choose attendees from the PCN's clinicians and mental health partners";

export async function assertEligibleAttendees(tx: DbTx, pcnId: string, ids: readonly string[]): Promise<void> {
  const staff = await tx.staffUser.findMany({
    where: { id: { in: [...ids] }, pcnId, active: true, roles: { hasSome: [...HUDDLE_ROLES] } },
    select: { id: true },
  });
  if (staff.length !== new Set(ids).size) throw new AppError("VALIDATION", MESSAGE, { fieldErrors: { attendeeIds: MESSAGE } });
}
