/**
 * One patient's clinic day as a FHIR R4 collection Bundle (UK Core profiles
 * where they exist). Pure: the service loads the rows and passes plain values,
 * so the mapping is tested without a database and other features can reuse it.
 *
 * Every resource gets its database id (UUIDs are valid FHIR ids) and a
 * `urn:uuid:` fullUrl, and references inside the Bundle use those URNs.
 */
import { createHash } from "node:crypto";
import type {
  Appointment,
  Bundle,
  BundleEntry,
  CarePlan,
  CareTeam,
  Observation,
  Organization,
  Patient,
  Practitioner,
  QuestionnaireResponse,
  Reference,
  Resource,
  Schedule,
  ServiceRequest,
  Slot,
} from "@medplum/fhirtypes";
import {
  LOINC_SYSTEM,
  NHS_NUMBER_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  ODS_ORGANISATION_SYSTEM,
  PHQ4_QUESTIONNAIRE,
  SNOMED_SYSTEM,
  ukCoreProfile,
} from "./codes";
import { MEASURES } from "@/lib/outcomes/measures";
import { PHQ4_ANSWER_OPTIONS, PHQ4_ITEMS, PHQ4_PANEL_LOINC, PHQ4_TOTAL_LOINC, PHQ4_STEM } from "@/lib/phq4";

export type FhirSex = "FEMALE" | "MALE" | "OTHER" | "UNKNOWN";
export type FhirAppointmentStatus = "BOOKED" | "ARRIVED" | "FULFILLED" | "CANCELLED" | "NOSHOW" | "ENTERED_IN_ERROR";
export type FhirSessionKind = "WRAP_AROUND" | "TALKING_THERAPIES" | "GP";

export type ClinicDayBundleInput = {
  /** When the export was made (Bundle.timestamp). */
  generatedAt: Date;
  patient: {
    id: string;
    nhsNumber: string;
    givenName: string;
    familyName: string;
    /** YYYY-MM-DD */
    dateOfBirth: string;
    sex: FhirSex;
    phone?: string | null;
    email?: string | null;
    preferredLanguage?: string | null;
  };
  practice: { id: string; odsCode: string; name: string };
  clinicDay: { id: string; date: string; clinicName: string; siteName: string };
  appointments: Array<{
    id: string;
    kind: FhirSessionKind;
    status: FhirAppointmentStatus;
    reason?: string | null;
    bookedAt?: Date | null;
    slot: {
      id: string;
      /** The session the slot belongs to: one FHIR Schedule. */
      sessionId: string;
      start: Date;
      end: Date;
      staffName?: string | null;
      roomName?: string | null;
    };
  }>;
  /** The current PHQ-4 (not amended by a later one). */
  phq4?: {
    id: string;
    /** Answers to questions 1–4 in order, 0–3 each. */
    answers: readonly [number, number, number, number];
    total: number;
    recordedAt: Date;
    recordedByName?: string | null;
    /** True when this assessment replaced an earlier one. */
    amends: boolean;
  } | null;
  referral?: {
    id: string;
    pathway: "STEP_2" | "STEP_3" | "LONG_TERM_CONDITIONS";
    status: "REFERRED" | "ACCEPTED" | "ENTERED_TREATMENT" | "FINISHED_TREATMENT" | "DECLINED" | "DID_NOT_ENGAGE";
    /** YYYY-MM-DD */
    referredAt: string;
    closedReason?: string | null;
    triage: { id: string; recordedAt: Date; recordedByName?: string | null; presentingProblems?: string | null };
  } | null;
  /**
   * Referrals made at the PCN's referral huddle after this clinic day (into
   * Talking Therapies or a service past it), each with the huddle decisions on
   * it, the one that made it first. One already in the Bundle as the day's
   * triage referral gains the huddle's decisions instead of a second resource.
   */
  huddleReferrals?: Array<HuddleReferralInput>;
  /**
   * PHQ-9 and GAD-7 totals taken at the Talking Therapies sessions of the
   * referrals in this Bundle, from the contacts still current (a corrected
   * contact's measures are left out; its correction's are "amended").
   */
  measures?: Array<{
    id: string;
    measure: "PHQ9" | "GAD7";
    total: number;
    /** The session's London date, YYYY-MM-DD. */
    date: string;
    /** The instrument version used, for example "PHQ-9 (PHQ9 v1)". */
    instrument: string;
    referralId: string;
    practitionerName?: string | null;
    completedBy?: string | null;
    adjustment?: string | null;
    amends: boolean;
  }>;
  carePlan?: {
    id: string;
    version: number;
    status: "DRAFT" | "FINAL" | "SUPERSEDED";
    whatMatters?: string | null;
    goals?: string | null;
    actions: Array<{ description: string; who?: string | null; byWhen?: string | null }>;
    keyWorkerName?: string | null;
    /** YYYY-MM-DD */
    nextReviewDate?: string | null;
    authorName?: string | null;
    createdAt: Date;
  } | null;
};

export type FhirMentalHealthService = "CMHT" | "SECONDARY_CARE_PSYCHOTHERAPY" | "STEP_4_INTERFACE" | "PERINATAL" | "OTHER";

export type HuddleReferralInput = {
  id: string;
  /** null for Talking Therapies (then `pathway` is set). */
  service: FhirMentalHealthService | null;
  /** The named service, for OTHER. */
  serviceName?: string | null;
  pathway?: NonNullable<ClinicDayBundleInput["referral"]>["pathway"] | null;
  status: NonNullable<ClinicDayBundleInput["referral"]>["status"];
  /** YYYY-MM-DD */
  referredAt: string;
  /** YYYY-MM-DD: by when the service should accept it. */
  acceptBy?: string | null;
  /** YYYY-MM-DD */
  acceptedAt?: string | null;
  closedReason?: string | null;
  ownerName?: string | null;
  decisions: Array<{
    /** YYYY-MM-DD */
    huddleDate: string;
    /** The question the case was brought with. */
    question: string;
    /** The decision in words ("Referred to the CMHT") and its reason. */
    decision: string;
    reason: string;
    broughtByName?: string | null;
    recordedByName?: string | null;
    acceptedByName?: string | null;
  }>;
};

const GENDER: Record<FhirSex, Patient["gender"]> = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "unknown" };

export const APPOINTMENT_STATUS: Record<FhirAppointmentStatus, Appointment["status"]> = {
  BOOKED: "booked",
  ARRIVED: "arrived",
  FULFILLED: "fulfilled",
  CANCELLED: "cancelled",
  NOSHOW: "noshow",
  ENTERED_IN_ERROR: "entered-in-error",
};

/** A request is "completed" once the patient has entered treatment; declined or not engaging ends it early. */
export const REFERRAL_STATUS: Record<NonNullable<ClinicDayBundleInput["referral"]>["status"], ServiceRequest["status"]> = {
  REFERRED: "active",
  ACCEPTED: "active",
  ENTERED_TREATMENT: "completed",
  FINISHED_TREATMENT: "completed",
  DECLINED: "revoked",
  DID_NOT_ENGAGE: "revoked",
};

export const CARE_PLAN_STATUS: Record<NonNullable<ClinicDayBundleInput["carePlan"]>["status"], CarePlan["status"]> = {
  DRAFT: "draft",
  FINAL: "active",
  SUPERSEDED: "revoked",
};

const SESSION_LABEL: Record<FhirSessionKind, string> = {
  WRAP_AROUND: "Wrap-around checks and PHQ-4",
  TALKING_THERAPIES: "Talking Therapies",
  GP: "GP appointment",
};

const PATHWAY_LABEL: Record<NonNullable<ClinicDayBundleInput["referral"]>["pathway"], string> = {
  STEP_2: "Step 2 (low intensity, psychological wellbeing practitioner)",
  STEP_3: "Step 3 (high intensity therapy)",
  LONG_TERM_CONDITIONS: "Long-term conditions pathway",
};

/** The receiving service's name, as the performer's display (the app holds no ODS codes for these services). */
export const MENTAL_HEALTH_SERVICE_DISPLAY: Record<FhirMentalHealthService, string> = {
  CMHT: "Community mental health team (CMHT)",
  SECONDARY_CARE_PSYCHOTHERAPY: "Secondary care psychotherapy",
  STEP_4_INTERFACE: "Step 4 / interface service",
  PERINATAL: "Perinatal mental health",
  OTHER: "Another service",
};

const urn = (id: string) => `urn:uuid:${id}`;

/**
 * A stable UUID for a resource that has no row of its own (the PHQ-4 total's
 * Observation, the key worker's CareTeam, the Bundle), so fullUrls stay unique
 * and the same export twice gives the same ids. Shaped as an RFC 9562 version 8 UUID.
 */
export function derivedId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
// Generic so each reference takes the target type its element expects.
const ref = <T extends Resource>(id: string, display?: string): Reference<T> => (display ? { reference: urn(id), display } : { reference: urn(id) });
const displayOnly = <T extends Resource>(display: string): Reference<T> => ({ display });
/** Staff are named, not exported as Practitioner resources: the app holds no professional identifiers. */
const staffRef = (name: string): Reference<Practitioner> => ({ display: name });
const instant = (d: Date) => d.toISOString();

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== "")) as T;
}

export function buildClinicDayBundle(input: ClinicDayBundleInput): Bundle {
  const { patient: p, practice } = input;
  const patientName = `${p.givenName} ${p.familyName}`;
  const patientRef = ref<Patient>(p.id, patientName);
  const entries: Resource[] = [];

  const organization: Organization = {
    resourceType: "Organization",
    id: practice.id,
    meta: { profile: [ukCoreProfile("Organization")] },
    identifier: [{ system: ODS_ORGANISATION_SYSTEM, value: practice.odsCode }],
    active: true,
    name: practice.name,
  };

  const telecom: NonNullable<Patient["telecom"]> = [];
  if (p.phone) telecom.push({ system: "phone", value: p.phone, use: "mobile" });
  if (p.email) telecom.push({ system: "email", value: p.email, use: "home" });
  const patient: Patient = compact({
    resourceType: "Patient" as const,
    id: p.id,
    meta: { profile: [ukCoreProfile("Patient")] },
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }],
    name: [{ use: "official" as const, family: p.familyName, given: [p.givenName] }],
    gender: GENDER[p.sex],
    birthDate: p.dateOfBirth,
    telecom: telecom.length ? telecom : undefined,
    communication: p.preferredLanguage ? [{ language: { text: p.preferredLanguage }, preferred: true }] : undefined,
    generalPractitioner: [ref(practice.id, practice.name)],
  });
  entries.push(patient, organization);

  const schedules = new Map<string, Schedule>();
  for (const a of input.appointments) {
    const s = a.slot;
    if (!schedules.has(s.sessionId)) {
      schedules.set(s.sessionId, {
        resourceType: "Schedule",
        id: s.sessionId,
        active: true,
        serviceType: [{ text: SESSION_LABEL[a.kind] }],
        actor: [displayOnly(s.staffName ? `${s.staffName}` : `${input.clinicDay.clinicName}, ${input.clinicDay.siteName}`)],
        comment: `${input.clinicDay.clinicName} at ${input.clinicDay.siteName}`,
      });
    }
    // A slot stays "busy" while this appointment holds it; a cancelled or
    // erroneous appointment has let it go.
    const holds = a.status !== "CANCELLED" && a.status !== "ENTERED_IN_ERROR";
    const slot: Slot = {
      resourceType: "Slot",
      id: s.id,
      meta: { profile: [ukCoreProfile("Slot")] },
      serviceType: [{ text: SESSION_LABEL[a.kind] }],
      schedule: ref(s.sessionId),
      status: holds ? "busy" : "free",
      start: instant(s.start),
      end: instant(s.end),
    };
    const participant: Appointment["participant"] = [{ actor: patientRef, required: "required", status: "accepted" }];
    if (s.staffName) participant.push({ actor: displayOnly(s.staffName), required: "required", status: "accepted" });
    if (s.roomName) participant.push({ actor: displayOnly(s.roomName), required: "information-only", status: "accepted" });
    const appointment: Appointment = compact({
      resourceType: "Appointment" as const,
      id: a.id,
      meta: { profile: [ukCoreProfile("Appointment")] },
      status: APPOINTMENT_STATUS[a.status],
      serviceType: [{ text: SESSION_LABEL[a.kind] }],
      description: `${SESSION_LABEL[a.kind]}, ${input.clinicDay.clinicName}`,
      comment: a.reason ?? undefined,
      start: instant(s.start),
      end: instant(s.end),
      created: a.bookedAt ? instant(a.bookedAt) : undefined,
      slot: [ref<Slot>(s.id)],
      participant,
    });
    entries.push(appointment);
    entries.push(slot);
  }
  entries.push(...schedules.values());

  let observationId: string | undefined;
  if (input.phq4) {
    const q = input.phq4;
    const answered = PHQ4_ITEMS.map((item, i) => {
      const option = PHQ4_ANSWER_OPTIONS.find((o) => o.value === q.answers[i]);
      if (!option) throw new Error(`PHQ-4 answer ${i + 1} is ${q.answers[i]}, not 0–3`);
      return {
        linkId: item.loinc,
        definition: `${LOINC_SYSTEM}/${item.loinc}`,
        text: item.text,
        answer: [{ valueCoding: { system: LOINC_SYSTEM, code: option.loinc, display: option.label } }],
      };
    });
    const performer = q.recordedByName ? [staffRef(q.recordedByName)] : undefined;
    const responseId = q.id;
    const questionnaireResponse: QuestionnaireResponse = compact({
      resourceType: "QuestionnaireResponse" as const,
      id: responseId,
      meta: { profile: [ukCoreProfile("QuestionnaireResponse")] },
      questionnaire: PHQ4_QUESTIONNAIRE,
      status: q.amends ? ("amended" as const) : ("completed" as const),
      subject: patientRef,
      authored: instant(q.recordedAt),
      author: performer?.[0],
      item: [{ linkId: PHQ4_PANEL_LOINC, text: PHQ4_STEM, item: answered }],
    });
    observationId = derivedId("Observation", PHQ4_TOTAL_LOINC, q.id);
    const observation: Observation = compact({
      resourceType: "Observation" as const,
      id: observationId,
      meta: { profile: [ukCoreProfile("Observation")] },
      status: q.amends ? ("amended" as const) : ("final" as const),
      category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: "survey", display: "Survey" }] }],
      code: { coding: [{ system: LOINC_SYSTEM, code: PHQ4_TOTAL_LOINC }], text: "PHQ-4 total score" },
      subject: patientRef,
      effectiveDateTime: instant(q.recordedAt),
      performer,
      valueInteger: q.total,
      derivedFrom: [ref<QuestionnaireResponse>(responseId)],
    });
    entries.push(questionnaireResponse, observation);
  }

  if (input.referral) {
    const r = input.referral;
    const serviceRequest: ServiceRequest = compact({
      resourceType: "ServiceRequest" as const,
      id: r.id,
      meta: { profile: [ukCoreProfile("ServiceRequest")] },
      status: REFERRAL_STATUS[r.status],
      intent: "order" as const,
      code: { text: `Referral to NHS Talking Therapies: ${PATHWAY_LABEL[r.pathway]}` },
      subject: patientRef,
      authoredOn: r.referredAt,
      requester: r.triage.recordedByName ? staffRef(r.triage.recordedByName) : undefined,
      reasonCode: r.triage.presentingProblems ? [{ text: r.triage.presentingProblems }] : undefined,
      reasonReference: observationId ? [ref<Observation>(observationId)] : undefined,
      note: r.closedReason ? [{ text: `Closed: ${r.closedReason}` }] : undefined,
    });
    entries.push(serviceRequest);
  }

  for (const h of input.huddleReferrals ?? []) {
    const existing = entries.find((e): e is ServiceRequest => e.resourceType === "ServiceRequest" && e.id === h.id);
    const huddle = huddleServiceRequest(h, patientRef);
    if (existing) {
      // The day's triage referral, taken on at a huddle: its decisions join it rather than a second resource for one referral.
      existing.performer = huddle.performer;
      existing.note = [...(existing.note ?? []), ...(huddle.note ?? [])];
      existing.reasonCode = [...(existing.reasonCode ?? []), ...(huddle.reasonCode ?? [])];
      existing.category = huddle.category;
      existing.status = huddle.status;
    } else entries.push(huddle);
  }

  if (input.carePlan) {
    const c = input.carePlan;
    let careTeam: CareTeam | undefined;
    if (c.keyWorkerName) {
      careTeam = {
        resourceType: "CareTeam",
        id: derivedId("CareTeam", c.id),
        status: "active",
        name: "Key worker",
        subject: patientRef,
        participant: [{ role: [{ text: "Key worker" }], member: displayOnly(c.keyWorkerName) }],
      };
    }
    const notes = [c.goals ? `Goals: ${c.goals}` : null, c.nextReviewDate ? `Next review: ${c.nextReviewDate}` : null].filter(
      (n): n is string => n !== null,
    );
    const carePlan: CarePlan = compact({
      resourceType: "CarePlan" as const,
      id: c.id,
      meta: { profile: [ukCoreProfile("CarePlan")] },
      status: CARE_PLAN_STATUS[c.status],
      intent: "plan" as const,
      title: `Care plan, version ${c.version}`,
      description: c.whatMatters ? `What matters to the patient: ${c.whatMatters}` : undefined,
      subject: patientRef,
      created: instant(c.createdAt),
      author: c.authorName ? staffRef(c.authorName) : undefined,
      careTeam: careTeam ? [ref<CareTeam>(careTeam.id!, "Key worker")] : undefined,
      supportingInfo: observationId ? [ref<Observation>(observationId)] : undefined,
      activity: c.actions.length
        ? c.actions.map((action) => ({
            detail: compact({
              status: "not-started" as const,
              description: action.description,
              performer: action.who ? [staffRef(action.who)] : undefined,
              scheduledPeriod: action.byWhen ? { end: action.byWhen } : undefined,
            }),
          }))
        : undefined,
      note: notes.length ? notes.map((text) => ({ text })) : undefined,
    });
    entries.push(carePlan);
    if (careTeam) entries.push(careTeam);
  }

  // Each measure's total as a survey Observation (LOINC total score code, and SNOMED CT's observable entity),
  // based on its referral's ServiceRequest when that is in the Bundle.
  const inBundle = new Set(entries.map((e) => e.id));
  for (const m of input.measures ?? []) {
    const def = MEASURES[m.measure];
    const notes = [m.completedBy ? `Completed by: ${m.completedBy}` : "", m.adjustment ? `Reasonable adjustment: ${m.adjustment}` : ""].filter(
      Boolean,
    );
    entries.push(
      compact({
        resourceType: "Observation" as const,
        id: derivedId("Observation", def.totalLoinc, m.id),
        meta: { profile: [ukCoreProfile("Observation")] },
        status: m.amends ? ("amended" as const) : ("final" as const),
        category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: "survey", display: "Survey" }] }],
        code: {
          coding: [
            { system: LOINC_SYSTEM, code: def.totalLoinc },
            { system: SNOMED_SYSTEM, code: def.snomed },
          ],
          text: `${def.label} total score`,
        },
        subject: patientRef,
        basedOn: inBundle.has(m.referralId) ? [ref<ServiceRequest>(m.referralId)] : undefined,
        effectiveDateTime: m.date,
        performer: m.practitionerName ? [staffRef(m.practitionerName)] : undefined,
        valueInteger: m.total,
        method: { text: m.instrument },
        note: notes.length ? notes.map((text) => ({ text })) : undefined,
      }) satisfies Observation,
    );
  }

  const entry: BundleEntry[] = entries.map((resource) => ({ fullUrl: urn(resource.id!), resource }));
  return {
    resourceType: "Bundle",
    id: derivedId("Bundle", p.id, input.clinicDay.id),
    meta: { lastUpdated: instant(input.generatedAt) },
    type: "collection",
    timestamp: instant(input.generatedAt),
    entry,
  };
}

/**
 * A referral made at the PCN's referral huddle as a ServiceRequest: requested
 * by the clinician who brought the case, performed by the receiving service
 * (a HealthcareService named by display: the app holds no directory of them),
 * the question as its reason, and each huddle decision, the accept-by date and
 * who follows it up as notes. The accept-by date is a deadline for accepting the
 * referral, not when the service is to happen, so it is not an occurrence.
 */
export function huddleServiceRequest(h: HuddleReferralInput, subject: Reference<Patient>): ServiceRequest {
  const [first] = h.decisions;
  const service =
    h.service === null ? "NHS Talking Therapies" : h.service === "OTHER" && h.serviceName ? h.serviceName : MENTAL_HEALTH_SERVICE_DISPLAY[h.service];
  const what = h.service === null && h.pathway ? `Referral to NHS Talking Therapies: ${PATHWAY_LABEL[h.pathway]}` : `Referral to ${service}`;
  const questions = [...new Set(h.decisions.map((d) => d.question))];
  const notes = [
    ...h.decisions.map((d) =>
      [
        `PCN referral huddle, ${d.huddleDate}: ${d.decision}. Reason: ${d.reason}.`,
        d.acceptedByName ? ` Accepted at the huddle by ${d.acceptedByName}.` : "",
        d.recordedByName ? ` Recorded by ${d.recordedByName}.` : "",
      ].join(""),
    ),
    h.acceptBy ? `To be accepted by ${h.acceptBy}${h.acceptedAt ? `; accepted ${h.acceptedAt}` : ""}.` : null,
    h.ownerName ? `Followed up until accepted by ${h.ownerName}.` : null,
    h.closedReason ? `Closed: ${h.closedReason}` : null,
  ].filter((n): n is string => n !== null);
  return compact({
    resourceType: "ServiceRequest" as const,
    id: h.id,
    meta: { profile: [ukCoreProfile("ServiceRequest")] },
    status: REFERRAL_STATUS[h.status],
    intent: "order" as const,
    category: [{ text: "Referral from the PCN's referral huddle" }],
    code: { text: what },
    subject,
    authoredOn: h.referredAt,
    requester: first?.broughtByName ? staffRef(first.broughtByName) : undefined,
    performer: [{ type: "HealthcareService", display: service }],
    reasonCode: questions.length ? questions.map((text) => ({ text })) : undefined,
    note: notes.map((text) => ({ text })),
  });
}
