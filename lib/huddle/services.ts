/**
 * The services of the referral huddle: who a mental health partner represents,
 * where a decision sends a case, and the words for each.
 */
import type { HuddleDestination, MentalHealthService, ReferralPathway } from "@/lib/db/generated/enums";

export const MENTAL_HEALTH_SERVICES = [
  "CMHT",
  "SECONDARY_CARE_PSYCHOTHERAPY",
  "STEP_4_INTERFACE",
  "PERINATAL",
  "OTHER",
] as const satisfies readonly MentalHealthService[];

export const MENTAL_HEALTH_SERVICE_LABELS: Record<MentalHealthService, string> = {
  CMHT: "Community mental health team (CMHT)",
  SECONDARY_CARE_PSYCHOTHERAPY: "Secondary care psychotherapy",
  STEP_4_INTERFACE: "Step 4 / interface service",
  PERINATAL: "Perinatal mental health",
  OTHER: "Another service",
};

export const HUDDLE_DESTINATIONS = [
  "TALKING_THERAPIES",
  "CMHT",
  "SECONDARY_CARE_PSYCHOTHERAPY",
  "STEP_4_INTERFACE",
  "PERINATAL",
  "OTHER_SERVICE",
  "BACK_TO_GP",
  "SOCIAL_PRESCRIBING",
  "DEFERRED",
] as const satisfies readonly HuddleDestination[];

export const HUDDLE_DESTINATION_LABELS: Record<HuddleDestination, string> = {
  TALKING_THERAPIES: "Accepted by Talking Therapies",
  CMHT: "Referred to the CMHT",
  SECONDARY_CARE_PSYCHOTHERAPY: "Referred to secondary care psychotherapy",
  STEP_4_INTERFACE: "Referred to a step 4 / interface service",
  PERINATAL: "Referred to perinatal mental health",
  OTHER_SERVICE: "Referred to another named service",
  BACK_TO_GP: "Back to the GP with advice",
  SOCIAL_PRESCRIBING: "Social prescribing",
  DEFERRED: "Deferred to the next huddle",
};

/**
 * What a decision means for the patient's referral: `null` for none (back to
 * the GP, social prescribing, deferred); Talking Therapies (service null, with
 * a pathway); or a service past it.
 */
export type ReferralTarget =
  { kind: "TALKING_THERAPIES"; pathway: ReferralPathway } | { kind: "SERVICE"; service: MentalHealthService; serviceName: string | null };

const SERVICE_OF: Partial<Record<HuddleDestination, MentalHealthService>> = {
  CMHT: "CMHT",
  SECONDARY_CARE_PSYCHOTHERAPY: "SECONDARY_CARE_PSYCHOTHERAPY",
  STEP_4_INTERFACE: "STEP_4_INTERFACE",
  PERINATAL: "PERINATAL",
  OTHER_SERVICE: "OTHER",
};

/** The service a destination refers to, when it is a service past Talking Therapies. */
export function serviceOf(destination: HuddleDestination): MentalHealthService | null {
  return SERVICE_OF[destination] ?? null;
}

export function referralTarget(decision: {
  destination: HuddleDestination;
  pathway?: ReferralPathway | null;
  serviceName?: string | null;
}): ReferralTarget | null {
  if (decision.destination === "TALKING_THERAPIES") {
    if (!decision.pathway) throw new Error("A Talking Therapies decision needs its pathway");
    return { kind: "TALKING_THERAPIES", pathway: decision.pathway };
  }
  const service = serviceOf(decision.destination);
  if (!service) return null;
  return { kind: "SERVICE", service, serviceName: service === "OTHER" ? (decision.serviceName ?? null) : null };
}

/** Whether a partner of `partnerService` may accept or record a decision for `destination`. */
export function partnerMayDecide(partnerService: MentalHealthService, destination: HuddleDestination): boolean {
  return serviceOf(destination) === partnerService;
}
