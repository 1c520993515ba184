/**
 * Clinical records the care plan tests need that another part of the app
 * writes (Talking Therapies triage): created directly, with realistic values.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { keepTriageVersion } from "@/lib/services/triage/internal/triage-versions";

type TriageInput = {
  patientId: string;
  clinicDayId: string;
  recordedById: string;
  recommendations?: string[];
  riskToSelf?: boolean;
  riskActionTaken?: string;
  recordedAt?: Date;
};

/** A Talking Therapies appointment on the day's first free therapy slot, and its triage outcome (referred to step 2). */
export async function createTriageOutcome(db: Db, input: TriageInput) {
  const slot = await db.slot.findFirst({
    where: { session: { clinicDayId: input.clinicDayId, kind: "TALKING_THERAPIES" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: { startsAt: "asc" },
  });
  if (!slot) throw new Error("No free Talking Therapies slot on that clinic day");
  const appointment = await db.appointment.create({
    data: {
      patientId: input.patientId,
      clinicDayId: input.clinicDayId,
      slotId: slot.id,
      activeSlotId: slot.id,
      kind: "TALKING_THERAPIES",
      origin: "ROUTING",
      status: "FULFILLED",
      reason: "PHQ-4 total 6 ≥ 3: Talking Therapies, then GP",
    },
  });
  return insertTriage(db, {
    appointmentId: appointment.id,
    patientId: input.patientId,
    presentingProblems: "Low mood and worry about managing diabetes since retiring",
    riskToSelf: input.riskToSelf ?? false,
    riskActionTaken: input.riskToSelf ? (input.riskActionTaken ?? "Safety plan agreed; crisis line number given") : null,
    outcome: "REFER",
    pathway: "STEP_2",
    consentToReferral: true,
    recommendations: input.recommendations ?? ["Guided self-help for low mood (step 2)", "Encourage the walking group"],
    recordedById: input.recordedById,
    recordedAt: input.recordedAt,
  });
}

/**
 * A triage written straight to the database, with its version 1 kept as
 * recordTriage keeps it (the database refuses a triage without its version).
 */
export async function insertTriage(db: Db, data: Prisma.TriageOutcomeUncheckedCreateInput) {
  return db.$transaction(async (tx) => {
    const triage = await tx.triageOutcome.create({ data });
    await keepTriageVersion(tx, triage, triage.recordedAt);
    return triage;
  });
}
