import type { Role } from "@/lib/db/generated/enums";

/** A mental health partner with no PCN clinical role: they see only their huddles and their own service's referrals. */
export function isPartnerOnly(roles: readonly Role[]): boolean {
  return roles.includes("MENTAL_HEALTH_PARTNER") && !roles.some((r) => r === "THERAPIST" || r === "GP" || r === "CLINIC_LEAD");
}
