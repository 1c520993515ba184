/**
 * What each server action and route handler requires, as plain data: the
 * access-matrix and fuzzing suites (tests/e2e/access-matrix.spec.ts,
 * tests/e2e/fuzz.spec.ts) call every action and route the build contains as
 * every role and compare the answer with this table, and a unit test checks
 * that each entry names the permission its source file really asks for.
 * A new action or route missing here fails both, naming it.
 *
 * Keys: server actions as `<file>#<exported name>`, route handlers as
 * `<METHOD> <path>` with dynamic segments as in the app folder.
 * Values: a permission from lib/auth/permissions.ts; "signed-in" for
 * requireActor only; "public" for endpoints that need no session (health,
 * next-auth's own sign-in endpoints); "patient-link" for a patient's own pages: their link (requirePatientLink, or
 * the date-of-birth check that opens it) or the desk's check-in code (checkInWithArrivalCode, which asks the date of
 * birth and surname letter): staff sessions do not open these, which answer UNAUTHENTICATED.
 */
import type { Permission } from "./permissions";

export type Requirement = Permission | "signed-in" | "public" | "patient-link";

export const ACTION_PERMISSIONS = {
  "app/(patient)/p/[token]/actions.ts#confirmDobAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#bookTimeAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#moveTimeAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#cancelTimeAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#prepareAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#checkInAction": "patient-link",
  "app/(patient)/p/[token]/actions.ts#answerPhq4Action": "patient-link",
  "app/(patient)/p/arrive/[code]/actions.ts#arriveAction": "patient-link",
  "app/(clinic)/clinic-days/[id]/check-in-code/actions.ts#makeArrivalCodeAction": "appointment:arrive",

  "app/(clinic)/account/actions.ts#signOutEverywhere": "self:manage",
  "app/(clinic)/patients/actions.ts#invitePatientsAction": "patient:invite",
  "app/(clinic)/account/actions.ts#changeOwnPassword": "self:manage",

  "app/(clinic)/buddy/actions.ts#recordPhq4Action": "assessment:record",
  "app/(clinic)/buddy/actions.ts#recordWrapAroundCheckAction": "assessment:record",
  "app/(clinic)/buddy/actions.ts#finishWrapAroundAction": "assessment:record",
  "app/(clinic)/buddy/actions.ts#recordFollowUpContactAction": "follow-up:record",

  "app/(clinic)/clinic-days/actions.ts#previewClinicDaysAction": "clinic-day:manage",
  "app/(clinic)/clinic-days/actions.ts#createClinicDaysAction": "clinic-day:manage",

  "app/(clinic)/clinic-days/[id]/actions.ts#searchPatientsAction": "appointment:book",
  "app/(clinic)/clinic-days/[id]/actions.ts#bookAppointmentAction": "appointment:book",
  "app/(clinic)/clinic-days/[id]/actions.ts#rescheduleAppointmentAction": "appointment:book",
  "app/(clinic)/clinic-days/[id]/actions.ts#cancelAppointmentAction": "appointment:book",
  "app/(clinic)/clinic-days/[id]/actions.ts#recordPreparationCallAction": "preparation:record",
  "app/(clinic)/clinic-days/[id]/actions.ts#checkInAction": "appointment:arrive",
  "app/(clinic)/clinic-days/[id]/actions.ts#markNoShowAction": "appointment:arrive",
  "app/(clinic)/clinic-days/[id]/actions.ts#undoArrivalAction": "appointment:arrive",

  "app/(clinic)/clinic-days/[id]/manage/actions.ts#swapRosteredStaffAction": "clinic-day:manage",
  "app/(clinic)/clinic-days/[id]/manage/actions.ts#changeSessionTimesAction": "clinic-day:manage",
  "app/(clinic)/clinic-days/[id]/manage/actions.ts#cancelClinicDayAction": "clinic-day:manage",

  "app/(clinic)/clinic-days/[id]/routing/actions.ts#overrideAfternoonAction": "routing:override",
  "app/(clinic)/clinic-days/[id]/routing/actions.ts#moveAfternoonAppointmentAction": "routing:override",

  "app/(clinic)/gp/actions.ts#callInGpAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#finishGpAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#markGpAbsentAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#undoGpAbsenceAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#saveCarePlanDraftAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#finaliseCarePlanAction": "care-plan:write",
  "app/(clinic)/gp/actions.ts#reviseCarePlanAction": "care-plan:write",

  "app/(clinic)/huddle/actions.ts#bringCaseAction": "huddle:bring",
  "app/(clinic)/huddle/actions.ts#recordAttendanceAction": "huddle:decide",
  "app/(clinic)/huddle/actions.ts#decideCaseAction": "huddle:decide",
  "app/(clinic)/huddle/actions.ts#scheduleHuddleAction": "huddle:manage",
  "app/(clinic)/huddle/actions.ts#setHuddleAttendeesAction": "huddle:manage",
  "app/(clinic)/huddle/actions.ts#closeHuddleAction": "huddle:manage",

  "app/(clinic)/lead/audit/actions.ts#searchAuditAction": "audit:view",

  "app/(clinic)/lead/caseload/actions.ts#handOverKeyWorkerAction": "caseload:oversee",

  "app/(clinic)/lead/practices/actions.ts#setPracticePractitionerAction": "practice:manage",
  "app/(clinic)/lead/staff/actions.ts#createStaffUserAction": "staff:manage",
  "app/(clinic)/lead/staff/actions.ts#endStaffSessionsAction": "staff:manage",
  "app/(clinic)/lead/staff/actions.ts#setStaffActiveAction": "staff:manage",
  "app/(clinic)/lead/staff/actions.ts#deactivateWithHandoverAction": "staff:manage",

  "app/(clinic)/lead/instruments/actions.ts#createInstrumentVersionAction": "instrument:manage",

  "app/(clinic)/lead/templates/actions.ts#createTemplateAction": "template:manage",
  "app/(clinic)/lead/templates/actions.ts#updateTemplateAction": "template:manage",
  "app/(clinic)/lead/templates/actions.ts#updateClinicAction": "template:manage",

  "app/(clinic)/patients/actions.ts#searchPatientsAction": "patient:view",
  "app/(clinic)/patients/actions.ts#createPatientAction": "patient:edit",
  "app/(clinic)/patients/actions.ts#updatePatientAction": "patient:edit",
  "app/(clinic)/patients/actions.ts#importPatientBatchAction": "patient:import",
  "app/(clinic)/patients/invite/actions.ts#sendInvitationsAction": "patient:invite",

  "app/(clinic)/patients/[id]/triage-history/actions.ts#reviewRiskAction": "risk:review",

  "app/(clinic)/therapies/actions.ts#callInTherapyAction": "triage:record",
  "app/(clinic)/therapies/actions.ts#finishTherapyAction": "triage:record",
  "app/(clinic)/therapies/actions.ts#markTherapyAbsentAction": "triage:record",
  "app/(clinic)/therapies/actions.ts#undoTherapyAbsenceAction": "triage:record",
  "app/(clinic)/therapies/actions.ts#recordTriageAction": "triage:record",
  "app/(clinic)/therapies/actions.ts#updateReferralAction": "referral:manage",
  "app/(clinic)/therapies/actions.ts#recordTherapyContactAction": "referral:manage",

  "app/(clinic)/waitlist/actions.ts#bookFromWaitlistAction": "routing:override",
} as const satisfies Record<string, Requirement>;

export const ROUTE_PERMISSIONS = {
  "GET /api/health": "public",
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  "POST /api/audit/export": "audit:view",
  "GET /api/clinic-days/[id]/board": "clinic-day:view",
  "GET /api/clinic-days/[id]/events": "clinic-day:view",
  "POST /api/patient-imports": "patient:import",
  "GET /api/clinic-days/[id]/day-list.csv": "clinic-day:view",
  "GET /api/me/day.ics": "self:manage",
  "GET /api/patients/[id]/clinic-days/[dayId]/calendar.ics": "clinic-day:view",
  "GET /api/patients/[id]/clinic-days/[dayId]/fhir": "clinical:view",
  "GET /api/reports/[report]": "report:view",
  "GET /api/referrals/returns.csv": "referral:export",
} as const satisfies Record<string, Requirement>;

/**
 * Actions whose every call changes something for the caller whatever the
 * payload (they take no input), so the suites call them last or not at all
 * with a session they still need.
 */
export const INPUTLESS_ACTIONS: ReadonlySet<string> = new Set(["app/(clinic)/account/actions.ts#signOutEverywhere"]);

export function requirementOf(key: string): Requirement | undefined {
  return (ACTION_PERMISSIONS as Record<string, Requirement>)[key] ?? (ROUTE_PERMISSIONS as Record<string, Requirement>)[key];
}
