import type { Appointment, Bundle, CarePlan, Observation, Patient, QuestionnaireResponse, Resource, ServiceRequest, Slot } from "@medplum/fhirtypes";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFhirSchema, validateFhir } from "@/tests/helpers/fhir-schema";
import { buildClinicDayBundle, derivedId, type ClinicDayBundleInput, type HuddleReferralInput } from "./clinic-day-bundle";

const id = (n: number) => `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, "0")}`;

function input(overrides: Partial<ClinicDayBundleInput> = {}): ClinicDayBundleInput {
  return {
    generatedAt: new Date("2027-03-03T17:00:00Z"),
    patient: {
      id: id(1),
      nhsNumber: "9990000018",
      givenName: "Amira",
      familyName: "Ahmed",
      dateOfBirth: "1950-04-12",
      sex: "FEMALE",
      phone: "07700 900001",
      email: "amira@example.com",
      preferredLanguage: "English",
    },
    practice: { id: id(2), odsCode: "Y99901", name: "Riverside Surgery" },
    clinicDay: { id: id(3), date: "2027-03-03", clinicName: "Multi-morbidity clinic", siteName: "Riverside Health Centre" },
    appointments: [
      {
        id: id(10),
        kind: "WRAP_AROUND",
        status: "FULFILLED",
        bookedAt: new Date("2027-02-01T10:00:00Z"),
        slot: {
          id: id(11),
          sessionId: id(12),
          start: new Date("2027-03-03T09:00:00Z"),
          end: new Date("2027-03-03T09:20:00Z"),
          staffName: "Priya Shah",
          roomName: "Treatment room 1",
        },
      },
      {
        id: id(20),
        kind: "TALKING_THERAPIES",
        status: "FULFILLED",
        reason: "PHQ-4 total 5 ≥ 3",
        slot: {
          id: id(21),
          sessionId: id(22),
          start: new Date("2027-03-03T13:00:00Z"),
          end: new Date("2027-03-03T13:30:00Z"),
          staffName: "Maria Costa",
        },
      },
      {
        id: id(30),
        kind: "GP",
        status: "CANCELLED",
        slot: { id: id(31), sessionId: id(32), start: new Date("2027-03-03T13:40:00Z"), end: new Date("2027-03-03T14:00:00Z") },
      },
    ],
    phq4: { id: id(40), answers: [2, 1, 1, 1], total: 5, recordedAt: new Date("2027-03-03T09:15:00Z"), recordedByName: "Priya Shah", amends: false },
    referral: {
      id: id(50),
      pathway: "STEP_2",
      status: "REFERRED",
      referredAt: "2027-03-03",
      triage: { id: id(51), recordedAt: new Date("2027-03-03T13:25:00Z"), recordedByName: "Maria Costa", presentingProblems: "Low mood" },
    },
    carePlan: {
      id: id(60),
      version: 1,
      status: "FINAL",
      whatMatters: "Walking the dog",
      goals: "Walk daily",
      actions: [{ description: "Book a walking group", who: "Priya Shah", byWhen: "2027-04-01" }],
      keyWorkerName: "Priya Shah",
      nextReviewDate: "2027-06-02",
      authorName: "Dr James Whitfield",
      createdAt: new Date("2027-03-03T14:00:00Z"),
    },
    ...overrides,
  };
}

function ofType<T extends Resource>(bundle: Bundle, type: T["resourceType"]): T[] {
  return (bundle.entry ?? []).map((e) => e.resource!).filter((r): r is T => r.resourceType === type);
}

beforeAll(() => loadFhirSchema(), 120_000);

describe("buildClinicDayBundle", () => {
  it("validates against the official FHIR R4 JSON schema", () => {
    const result = validateFhir(buildClinicDayBundle(input()));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("also validates with nothing clinical recorded yet", () => {
    const bundle = buildClinicDayBundle(input({ phq4: null, referral: null, carePlan: null }));
    expect(validateFhir(bundle).valid).toBe(true);
    expect(bundle.entry!.map((e) => e.resource!.resourceType).sort()).toEqual([
      "Appointment",
      "Appointment",
      "Appointment",
      "Organization",
      "Patient",
      "Schedule",
      "Schedule",
      "Schedule",
      "Slot",
      "Slot",
      "Slot",
    ]);
  });

  it("the schema refuses what FHIR does not allow (so the check has teeth)", () => {
    const bundle = buildClinicDayBundle(input()) as unknown as { entry: Array<{ resource: Record<string, unknown> }> };
    bundle.entry[0].resource.nhsNumber = "9990000018";
    expect(validateFhir(bundle).valid).toBe(false);
    expect(validateFhir({ resourceType: "Patient", gender: 3 }).valid).toBe(false);
  });

  it("identifies the patient by NHS number and the practice by ODS code, with UK Core profiles", () => {
    const bundle = buildClinicDayBundle(input());
    const [patient] = ofType<Patient>(bundle, "Patient");
    expect(patient.identifier).toEqual([{ system: "https://fhir.nhs.uk/Id/nhs-number", value: "9990000018" }]);
    expect(patient.meta?.profile).toEqual(["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]);
    expect(patient.generalPractitioner?.[0].reference).toBe(`urn:uuid:${id(2)}`);
    const org = bundle.entry!.find((e) => e.resource!.resourceType === "Organization")!.resource as { identifier: unknown };
    expect(org.identifier).toEqual([{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "Y99901" }]);
  });

  it("codes the PHQ-4 with LOINC items and answers, and the total as a survey Observation 70272-0", () => {
    const bundle = buildClinicDayBundle(input());
    const [qr] = ofType<QuestionnaireResponse>(bundle, "QuestionnaireResponse");
    const items = qr.item![0].item!;
    expect(qr.item![0].linkId).toBe("69724-3");
    expect(items.map((i) => i.linkId)).toEqual(["69725-0", "68509-9", "44250-9", "44255-8"]);
    expect(items.map((i) => i.answer![0].valueCoding!.code)).toEqual(["LA6570-1", "LA6569-3", "LA6569-3", "LA6569-3"]);
    const [obs] = ofType<Observation>(bundle, "Observation");
    expect(obs.code.coding).toEqual([{ system: "http://loinc.org", code: "70272-0" }]);
    expect(obs.category![0].coding![0].code).toBe("survey");
    expect(obs.valueInteger).toBe(5);
    expect(obs.derivedFrom![0].reference).toBe(`urn:uuid:${qr.id}`);
    expect(obs.status).toBe("final");
  });

  it("marks an amended PHQ-4 as amended", () => {
    const bundle = buildClinicDayBundle(input({ phq4: { ...input().phq4!, amends: true } }));
    expect(ofType<Observation>(bundle, "Observation")[0].status).toBe("amended");
    expect(ofType<QuestionnaireResponse>(bundle, "QuestionnaireResponse")[0].status).toBe("amended");
  });

  it("maps appointment and slot statuses, with instants in UTC", () => {
    const bundle = buildClinicDayBundle(input());
    expect(ofType<Appointment>(bundle, "Appointment").map((a) => a.status)).toEqual(["fulfilled", "fulfilled", "cancelled"]);
    expect(ofType<Slot>(bundle, "Slot").map((s) => s.status)).toEqual(["busy", "busy", "free"]);
    expect(ofType<Appointment>(bundle, "Appointment")[0].start).toBe("2027-03-03T09:00:00.000Z");
  });

  it("carries the referral as a ServiceRequest and the care plan as a CarePlan with its key worker", () => {
    const bundle = buildClinicDayBundle(input());
    const [sr] = ofType<ServiceRequest>(bundle, "ServiceRequest");
    expect(sr).toMatchObject({ status: "active", intent: "order", authoredOn: "2027-03-03" });
    const [plan] = ofType<CarePlan>(bundle, "CarePlan");
    expect(plan).toMatchObject({ status: "active", intent: "plan" });
    expect(plan.activity![0].detail).toMatchObject({
      status: "not-started",
      description: "Book a walking group",
      scheduledPeriod: { end: "2027-04-01" },
    });
    expect(plan.note!.map((n) => n.text)).toContain("Next review: 2027-06-02");
    expect(plan.careTeam![0].reference).toBe(`urn:uuid:${derivedId("CareTeam", id(60))}`);
  });

  it("carries each PHQ-9 and GAD-7 total as a survey Observation with its LOINC and SNOMED CT codes, based on its referral", () => {
    const measure = (n: number, m: "PHQ9" | "GAD7", total: number, referralId: string, amends = false) => ({
      id: id(n),
      measure: m,
      total,
      date: "2027-03-10",
      instrument: m === "PHQ9" ? "PHQ-9 (PHQ9 v1)" : "GAD-7 (GAD7 v1)",
      referralId,
      practitionerName: "Maria Costa",
      completedBy: "The patient",
      adjustment: m === "PHQ9" ? "Read aloud" : null,
      amends,
    });
    const bundle = buildClinicDayBundle(
      input({ measures: [measure(80, "PHQ9", 18, id(50)), measure(81, "GAD7", 14, id(50), true), measure(82, "PHQ9", 6, id(99))] }),
    );
    expect(validateFhir(bundle).errors).toEqual([]);
    const observations = ofType<Observation>(bundle, "Observation").filter((o) => o.code.text !== "PHQ-4 total score");
    expect(observations.map((o) => [o.code.coding!.map((c) => c.code), o.valueInteger, o.status, o.effectiveDateTime])).toEqual([
      [["44261-6", "720433000"], 18, "final", "2027-03-10"],
      [["70274-6", "445455005"], 14, "amended", "2027-03-10"],
      [["44261-6", "720433000"], 6, "final", "2027-03-10"],
    ]);
    expect(observations[0]).toMatchObject({
      category: [{ coding: [{ code: "survey" }] }],
      basedOn: [{ reference: `urn:uuid:${id(50)}` }],
      method: { text: "PHQ-9 (PHQ9 v1)" },
      performer: [{ display: "Maria Costa" }],
      note: [{ text: "Completed by: The patient" }, { text: "Reasonable adjustment: Read aloud" }],
    });
    // A referral not in the Bundle is not referenced.
    expect(observations[2].basedOn).toBeUndefined();
  });

  it("gives every entry a unique urn:uuid fullUrl and every reference a target in the bundle", () => {
    const bundle = buildClinicDayBundle(input());
    const urls = bundle.entry!.map((e) => e.fullUrl!);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.every((u) => /^urn:uuid:[0-9a-f-]{36}$/.test(u))).toBe(true);
    const refs = JSON.stringify(bundle)
      .match(/"reference":"([^"]+)"/g)!
      .map((m) => m.slice(13, -1));
    expect(refs.every((r) => urls.includes(r))).toBe(true);
    expect(buildClinicDayBundle(input()).id).toBe(bundle.id);
  });

  describe("referrals made at the PCN's referral huddle", () => {
    const cmht: HuddleReferralInput = {
      id: id(70),
      service: "CMHT",
      status: "REFERRED",
      referredAt: "2027-03-08",
      acceptBy: "2027-03-15",
      ownerName: "Dr James Whitfield",
      decisions: [
        {
          huddleDate: "2027-03-08",
          question: "Too complex for step 3?",
          decision: "Referred to the CMHT",
          reason: "Psychosis in the history",
          broughtByName: "Dr James Whitfield",
          recordedByName: "Dr Helen Okafor",
        },
      ],
    };

    it("export as a ServiceRequest: requested by who brought the case, performed by the receiving service, the question as its reason", () => {
      const bundle = buildClinicDayBundle(input({ huddleReferrals: [cmht] }));
      expect(validateFhir(bundle).errors).toEqual([]);
      const sr = ofType<ServiceRequest>(bundle, "ServiceRequest").find((r) => r.id === id(70))!;
      expect(sr).toMatchObject({
        status: "active",
        intent: "order",
        authoredOn: "2027-03-08",
        subject: { reference: `urn:uuid:${id(1)}` },
        requester: { display: "Dr James Whitfield" },
        performer: [{ type: "HealthcareService", display: "Community mental health team (CMHT)" }],
        reasonCode: [{ text: "Too complex for step 3?" }],
        code: { text: "Referral to Community mental health team (CMHT)" },
        meta: { profile: ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest"] },
      });
      expect(sr.note!.map((n) => n.text)).toEqual([
        "PCN referral huddle, 2027-03-08: Referred to the CMHT. Reason: Psychosis in the history. Recorded by Dr Helen Okafor.",
        "To be accepted by 2027-03-15.",
        "Followed up until accepted by Dr James Whitfield.",
      ]);
      // The day's triage referral is still there, as its own request.
      expect(ofType<ServiceRequest>(bundle, "ServiceRequest").map((r) => r.id)).toEqual([id(50), id(70)]);
    });

    it("name another service and a Talking Therapies pathway, and carry acceptance and a later decision", () => {
      const other: HuddleReferralInput = {
        ...cmht,
        id: id(71),
        service: "OTHER",
        serviceName: "Eating disorders service",
        status: "ACCEPTED",
        acceptedAt: "2027-03-10",
        decisions: [
          ...cmht.decisions,
          { ...cmht.decisions[0], huddleDate: "2027-03-10", question: "Still waiting?", acceptedByName: "Dr Kwame Mensah" },
        ],
      };
      const tt: HuddleReferralInput = { ...cmht, id: id(72), service: null, pathway: "STEP_3", status: "ENTERED_TREATMENT", acceptBy: null };
      const bundle = buildClinicDayBundle(input({ referral: null, huddleReferrals: [other, tt] }));
      expect(validateFhir(bundle).errors).toEqual([]);
      const [a, b] = ofType<ServiceRequest>(bundle, "ServiceRequest");
      expect(a.performer).toEqual([{ type: "HealthcareService", display: "Eating disorders service" }]);
      expect(a.reasonCode).toEqual([{ text: "Too complex for step 3?" }, { text: "Still waiting?" }]);
      expect(a.note!.map((n) => n.text)).toContain("To be accepted by 2027-03-15; accepted 2027-03-10.");
      expect(a.note![1].text).toMatch(/Accepted at the huddle by Dr Kwame Mensah\./);
      expect(b).toMatchObject({ status: "completed", code: { text: "Referral to NHS Talking Therapies: Step 3 (high intensity therapy)" } });
      expect(b.performer).toEqual([{ type: "HealthcareService", display: "NHS Talking Therapies" }]);
    });

    it("the day's triage referral taken on at a huddle stays one ServiceRequest, with the huddle's decision added", () => {
      const same: HuddleReferralInput = {
        ...cmht,
        id: id(50),
        service: null,
        pathway: "STEP_2",
        status: "ACCEPTED",
        acceptBy: null,
        ownerName: null,
      };
      const bundle = buildClinicDayBundle(input({ huddleReferrals: [same] }));
      expect(validateFhir(bundle).errors).toEqual([]);
      const requests = ofType<ServiceRequest>(bundle, "ServiceRequest");
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ status: "active", reasonCode: [{ text: "Low mood" }, { text: "Too complex for step 3?" }] });
      expect(requests[0].note!.map((n) => n.text)).toEqual([
        "PCN referral huddle, 2027-03-08: Referred to the CMHT. Reason: Psychosis in the history. Recorded by Dr Helen Okafor.",
      ]);
    });
  });
});
