/** Which role may work each kind of session (one column per person). */
import type { Role, SessionKind } from "@/lib/db/generated/enums";

export const SESSION_KIND_ROLE: Record<SessionKind, Role> = {
  WRAP_AROUND: "HEALTH_BUDDY",
  TALKING_THERAPIES: "THERAPIST",
  GP: "GP",
};

/** "needs a health buddy", in words for messages. */
export const SESSION_KIND_NEEDS: Record<SessionKind, string> = {
  WRAP_AROUND: "a health buddy",
  TALKING_THERAPIES: "a Talking Therapies clinician",
  GP: "a GP",
};

export function canWorkSession(roles: readonly Role[], kind: SessionKind): boolean {
  return roles.includes(SESSION_KIND_ROLE[kind]);
}
