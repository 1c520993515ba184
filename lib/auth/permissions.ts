/**
 * The one role → permission table. Every server action, route handler and page
 * asks the guard (lib/auth/guard.ts) for one of these; nothing checks roles directly.
 * Reception never gets clinical content (PHQ-4 answers, triage notes, care plans).
 */
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";

export const ROLES = ["RECEPTION", "HEALTH_BUDDY", "THERAPIST", "GP", "CLINIC_LEAD", "MENTAL_HEALTH_PARTNER"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  RECEPTION: "Reception",
  HEALTH_BUDDY: "Health buddy",
  THERAPIST: "Talking Therapies clinician",
  GP: "GP",
  CLINIC_LEAD: "Clinic lead",
  MENTAL_HEALTH_PARTNER: "Mental health partner",
};

const ALL: readonly Role[] = ROLES;
/**
 * The practice's and PCN's own staff. A mental health partner (CMHT, secondary
 * care psychotherapy, step 4, perinatal) is from another organisation: they see
 * only the huddles they attend and what those cases need, never the register,
 * clinic days or other clinical records.
 */
const PCN_STAFF: readonly Role[] = ["RECEPTION", "HEALTH_BUDDY", "THERAPIST", "GP", "CLINIC_LEAD"];
const CLINICAL: readonly Role[] = ["HEALTH_BUDDY", "THERAPIST", "GP", "CLINIC_LEAD"];

export const PERMISSIONS = {
  /** See clinic days, sessions and who is booked (no clinical content). */
  "clinic-day:view": PCN_STAFF,
  /** Create, change and cancel clinic days; swap rostered staff. */
  "clinic-day:manage": ["RECEPTION", "CLINIC_LEAD"],
  /** Edit clinic templates and clinic rules. */
  "template:manage": ["CLINIC_LEAD"],
  /** Find patients and see their demographics. */
  "patient:view": PCN_STAFF,
  /** Create and edit patients in the register. */
  "patient:edit": ["RECEPTION", "CLINIC_LEAD"],
  /** Import an eligible-patient list. */
  "patient:import": ["RECEPTION", "CLINIC_LEAD"],
  /** Send patients a link to choose a time, prepare and check in themselves (patient links), and cancel one. */
  "patient:invite": ["RECEPTION", "CLINIC_LEAD"],
  /** Book, reschedule and cancel morning appointments. */
  "appointment:book": ["RECEPTION", "CLINIC_LEAD"],
  /** Check in, mark did-not-attend, and undo either. */
  "appointment:arrive": ["RECEPTION", "CLINIC_LEAD"],
  /** Record a preparation call. */
  "preparation:record": ["RECEPTION", "HEALTH_BUDDY", "CLINIC_LEAD"],
  /** Record wrap-around checks and the PHQ-4. */
  "assessment:record": ["HEALTH_BUDDY"],
  /** See PHQ-4 answers, wrap-around results and other clinical content. */
  "clinical:view": CLINICAL,
  /** Record Talking Therapies triage (risk screen, outcome, recommendations). */
  "triage:record": ["THERAPIST"],
  /** Record that a patient's open risk (from a triage) was reviewed or resolved, which ends its flag; read a triage's versions. */
  "risk:review": ["THERAPIST", "GP", "CLINIC_LEAD"],
  /** See and update referrals into Talking Therapies (referred → accepted → in treatment, or closed). */
  "referral:manage": ["THERAPIST"],
  /** Read care plans (the key worker reads only those naming them: checked per record in the service). */
  "care-plan:view": ["HEALTH_BUDDY", "THERAPIST", "GP", "CLINIC_LEAD"],
  /** Write and finalise care plans. */
  "care-plan:write": ["GP"],
  /** See one's own key-worker caseload and log follow-up contacts (own caseload only, checked per record). */
  "follow-up:record": ["HEALTH_BUDDY"],
  /**
   * Oversee every key worker's caseload: every patient with a final care plan,
   * overdue contacts and key workers who have left, and hand a patient to
   * another key worker.
   */
  "caseload:oversee": ["CLINIC_LEAD"],
  /** See who is due for a care review at a clinic day, to book them. */
  "review:view": ["RECEPTION", "GP", "CLINIC_LEAD"],
  /** Override an afternoon allocation. */
  "routing:override": ["THERAPIST", "CLINIC_LEAD"],
  /** Add adapted or local questionnaire versions (items, answers, bands) for the PCN's Talking Therapies measures. */
  "instrument:manage": ["CLINIC_LEAD"],
  /** Clinic funnel and practice reports. */
  "report:view": ["CLINIC_LEAD", "GP"],
  /** Search and export the audit trail. */
  "audit:view": ["CLINIC_LEAD"],
  /** See the appointment reminder outbox (queued, sent, failed). */
  "reminder:view": ["CLINIC_LEAD"],
  /** See which languages have a message catalogue and how much of it (no patient record is read). */
  "language:view": ["CLINIC_LEAD"],
  /** Name each practice's Talking Therapies practitioner (the monthly newsletter). */
  "practice:manage": ["CLINIC_LEAD"],
  /** Export referrals with their contacts and measures for the service's returns (patient-level: audited per patient). */
  "referral:export": ["CLINIC_LEAD", "THERAPIST"],
  /** Manage staff accounts and end their sessions. */
  "staff:manage": ["CLINIC_LEAD"],
  /**
   * See a referral huddle and its cases: the PCN's clinicians see every huddle of
   * their PCN; a mental health partner only huddles they are listed for, and of
   * each case only what the discussion needs (checked per record in the service).
   */
  "huddle:view": ["THERAPIST", "GP", "CLINIC_LEAD", "MENTAL_HEALTH_PARTNER"],
  /** Bring a patient to the huddle with a question. */
  "huddle:bring": ["THERAPIST", "GP", "CLINIC_LEAD"],
  /**
   * At a huddle one is listed for: tick who is present and record each case's
   * decision (a partner only for their own service, checked in the service).
   */
  "huddle:decide": ["THERAPIST", "GP", "CLINIC_LEAD", "MENTAL_HEALTH_PARTNER"],
  /** Schedule huddles, set who attends, and carry undecided cases to the next huddle. */
  "huddle:manage": ["CLINIC_LEAD"],
  /** Anything a signed-in member of staff may do for themselves. */
  "self:manage": ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export function permissionsFor(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => hasPermission(roles, p));
}

/** Each role's home page; a user with several roles lands on the first in this order. */
export const ROLE_HOME: Record<Role, string> = {
  CLINIC_LEAD: "/lead",
  RECEPTION: "/reception",
  HEALTH_BUDDY: "/buddy",
  THERAPIST: "/therapies",
  GP: "/gp",
  MENTAL_HEALTH_PARTNER: "/huddle",
};

const HOME_ORDER: Role[] = ["CLINIC_LEAD", "RECEPTION", "HEALTH_BUDDY", "THERAPIST", "GP", "MENTAL_HEALTH_PARTNER"];

export function homeFor(roles: readonly Role[]): string {
  const role = HOME_ORDER.find((r) => roles.includes(r));
  return role ? ROLE_HOME[role] : "/login";
}

/** Services re-check the permission they need, so no caller can skip it. */
export function assertPermission(actor: { roles: readonly Role[] }, permission: Permission): void {
  if (!hasPermission(actor.roles, permission)) {
    throw new AppError("FORBIDDEN", "Your role does not allow this. Ask the clinic lead if you need it.");
  }
}
