/**
 * What the database itself guarantees about outcomes through treatment (issue
 * 15), whatever code writes to it: instrument versions whose scoring can reach
 * their maximum, responses that fit their exact version (answers, total, a risk
 * item's response), measures only at an attended contact of the patient's own
 * referral, history never changed, and a finished course closed after it began.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { builtinInstrument } from "@/lib/outcomes/instruments";
import { ensureBuiltinInstruments, type BuiltinCode } from "@/lib/services/outcomes/internal/instrument-versions";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createTriageOutcome } from "@/tests/helpers/clinical-factories";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let ids: Record<BuiltinCode, string>;
let clinicDayIds: string[];
let seq = 0;
const today = londonToday();

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Outcomes clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  clinicDayIds = (await createClinicDays(lead, { templateId: template.id, firstDate: today, weeks: 4 })).ids;
  ids = await t.db.$transaction((tx) => ensureBuiltinInstruments(tx));
});

/** A referral into Talking Therapies, made at triage today, in treatment. */
async function referralInTreatment() {
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
  // The next clinic day with a free Talking Therapies slot.
  const free = await t.db.slot.findFirst({
    where: { session: { clinicDayId: { in: clinicDayIds }, kind: "TALKING_THERAPIES" }, appointments: { none: { activeSlotId: { not: null } } } },
    select: { session: { select: { clinicDayId: true } } },
  });
  const triage = await createTriageOutcome(t.db, {
    patientId: patient.id,
    clinicDayId: free!.session.clinicDayId,
    recordedById: org.staff.therapist.id,
  });
  const date = new Date(`${today}T00:00:00Z`);
  const referral = await t.db.referral.create({
    data: {
      patientId: patient.id,
      triageOutcomeId: triage.id,
      pathway: "STEP_2",
      status: "ENTERED_TREATMENT",
      referredAt: date,
      acceptedAt: date,
      enteredTreatmentAt: date,
    },
  });
  return { patientId: patient.id, referralId: referral.id };
}

async function contact(referralId: string, attendance: "ATTENDED" | "DID_NOT_ATTEND" | "CANCELLED" = "ATTENDED") {
  return t.db.therapyContact.create({
    data: {
      referralId,
      date: new Date(`${today}T00:00:00Z`),
      kind: "TREATMENT",
      attendance,
      practitionerId: org.staff.therapist.id,
      recordedById: org.staff.therapist.id,
    },
  });
}

function response(
  patientId: string,
  contactId: string | null,
  code: BuiltinCode,
  answers: number[],
  extra: { total?: number; riskResponse?: string } = {},
) {
  return t.db.measureResponse.create({
    data: {
      patientId,
      contactId,
      instrumentVersionId: ids[code],
      answers,
      total: extra.total ?? answers.reduce((a, b) => a + b, 0),
      completedBy: "PATIENT",
      riskResponse: extra.riskResponse,
      recordedById: org.staff.therapist.id,
    },
  });
}

describe("built-in instrument versions", () => {
  it("are written once, whoever asks first, with the published items", async () => {
    const again = await Promise.all([1, 2, 3].map(() => t.db.$transaction((tx) => ensureBuiltinInstruments(tx))));
    for (const result of again) expect(result).toEqual(ids);
    const stored = await t.db.instrumentVersion.findMany({ where: { pcnId: null }, orderBy: { code: "asc" } });
    expect(stored.map((v) => `${v.code} v${v.version} max ${v.maxTotal}`)).toEqual(["GAD7 v1 max 21", "PHQ4 v1 max 12", "PHQ9 v1 max 27"]);
    const phq9 = stored.find((v) => v.code === "PHQ9")!;
    expect(phq9.items).toEqual(builtinInstrument("PHQ9").items);
    expect(phq9.validatedForOutcomes).toBe(true);
  });

  it("a version whose scoring cannot reach its maximum is refused by the database", async () => {
    const v = builtinInstrument("GAD7");
    await expect(
      t.db.instrumentVersion.create({
        data: { ...v, code: "GAD7-LOCAL", mapsTo: "GAD7", pcnId: org.pcnId, maxTotal: 28, items: v.items, options: v.options, bands: v.bands },
      }),
    ).rejects.toThrow(/must equal the highest total 28/);
    // A PCN's own version of the same code and version is its own.
    await t.db.instrumentVersion.create({ data: { ...v, code: "GAD7", pcnId: org.pcnId, items: v.items, options: v.options, bands: v.bands } });
    await expect(
      t.db.instrumentVersion.create({ data: { ...v, code: "GAD7", pcnId: org.pcnId, items: v.items, options: v.options, bands: v.bands } }),
    ).rejects.toThrow(/Unique constraint|InstrumentVersion_pcn_code_version/);
  });
});

describe("a response", () => {
  it("fits its version: one answer per item, each an option, the total their sum", async () => {
    const { patientId, referralId } = await referralInTreatment();
    const c = await contact(referralId);
    await expect(response(patientId, c.id, "GAD7", [1, 1, 1])).rejects.toThrow(/needs 7 answers, got 3/);
    await expect(response(patientId, c.id, "GAD7", [1, 1, 1, 1, 1, 1, 4])).rejects.toThrow(/Answer 7 of GAD-7 is not one of its answer options/);
    await expect(response(patientId, c.id, "GAD7", [1, 1, 1, 1, 1, 1, 1], { total: 6 })).rejects.toThrow(/must be the sum of its answers/);
    const ok = await response(patientId, c.id, "GAD7", [1, 1, 1, 1, 1, 1, 1]);
    expect(ok.total).toBe(7);
  });

  it("with PHQ-9 item 9 above 0 needs its risk response", async () => {
    const { patientId, referralId } = await referralInTreatment();
    const c = await contact(referralId);
    await expect(response(patientId, c.id, "PHQ9", [2, 2, 1, 1, 0, 1, 0, 0, 1])).rejects.toThrow(
      /Item 9 of PHQ-9 was answered above 0: it needs a risk response/,
    );
    await response(patientId, c.id, "PHQ9", [2, 2, 1, 1, 0, 1, 0, 0, 1], { riskResponse: "Passive thoughts, no plan; safety plan reviewed" });
    await response(patientId, c.id, "PHQ9", [2, 2, 1, 1, 0, 1, 0, 0, 0]);
  });

  it("is taken only at an attended contact of the patient's own referral", async () => {
    const mine = await referralInTreatment();
    const theirs = await referralInTreatment();
    const missed = await contact(mine.referralId, "DID_NOT_ATTEND");
    await expect(response(mine.patientId, missed.id, "GAD7", [0, 0, 0, 0, 0, 0, 0])).rejects.toThrow(/attended contact/);
    const other = await contact(theirs.referralId);
    await expect(response(mine.patientId, other.id, "GAD7", [0, 0, 0, 0, 0, 0, 0])).rejects.toThrow(/patient's own referral/);
    // Outside a contact (a district nurse's short screen, a PHQ-4 at home) it is the patient's own.
    await response(mine.patientId, null, "PHQ4", [1, 0, 1, 0]);
  });
});

describe("history", () => {
  it("versions, contacts and responses are never changed or removed", async () => {
    const { patientId, referralId } = await referralInTreatment();
    const c = await contact(referralId);
    const r = await response(patientId, c.id, "GAD7", [0, 1, 0, 1, 0, 1, 0]);
    await expect(t.db.measureResponse.update({ where: { id: r.id }, data: { total: 0 } })).rejects.toThrow(/MeasureResponse is append-only/);
    await expect(t.db.measureResponse.delete({ where: { id: r.id } })).rejects.toThrow(/append-only/);
    await expect(t.db.therapyContact.update({ where: { id: c.id }, data: { attendance: "DID_NOT_ATTEND" } })).rejects.toThrow(
      /TherapyContact is append-only/,
    );
    await expect(t.db.instrumentVersion.update({ where: { id: ids.PHQ9 }, data: { caseness: 9 } })).rejects.toThrow(
      /InstrumentVersion is append-only/,
    );
    await expect(t.db.$executeRawUnsafe(`TRUNCATE "MeasureResponse" CASCADE`)).rejects.toThrow(/append-only/);
  });

  it("a wrong contact is superseded by a new one of the same referral, with its reason", async () => {
    const a = await referralInTreatment();
    const b = await referralInTreatment();
    const wrong = await contact(a.referralId, "DID_NOT_ATTEND");
    const base = {
      date: wrong.date,
      kind: "TREATMENT" as const,
      attendance: "ATTENDED" as const,
      practitionerId: org.staff.therapist.id,
      recordedById: org.staff.therapist.id,
    };
    await expect(t.db.therapyContact.create({ data: { ...base, referralId: a.referralId, supersedesId: wrong.id } })).rejects.toThrow(
      /TherapyContact_correction_has_reason/,
    );
    await expect(
      t.db.therapyContact.create({ data: { ...base, referralId: b.referralId, supersedesId: wrong.id, correctionReason: "Came after all" } }),
    ).rejects.toThrow(/same referral/);
    await t.db.therapyContact.create({ data: { ...base, referralId: a.referralId, supersedesId: wrong.id, correctionReason: "Came after all" } });
  });

  it("a contact cannot be dated before its referral", async () => {
    const { referralId } = await referralInTreatment();
    await expect(
      t.db.therapyContact.create({
        data: {
          referralId,
          date: new Date(new Date(`${today}T00:00:00Z`).getTime() - 86_400_000),
          kind: "ASSESSMENT",
          attendance: "ATTENDED",
          practitionerId: org.staff.therapist.id,
          recordedById: org.staff.therapist.id,
        },
      }),
    ).rejects.toThrow(/cannot be before its referral/);
  });
});

describe("a referral's course", () => {
  it("ends as finished treatment only with its closing date, not before it entered treatment", async () => {
    const { referralId } = await referralInTreatment();
    await expect(t.db.referral.update({ where: { id: referralId }, data: { status: "FINISHED_TREATMENT" } })).rejects.toThrow(
      /Referral_dates_follow_status/,
    );
    const yesterday = new Date(new Date(`${today}T00:00:00Z`).getTime() - 86_400_000);
    await expect(t.db.referral.update({ where: { id: referralId }, data: { status: "FINISHED_TREATMENT", closedAt: yesterday } })).rejects.toThrow(
      /Referral_dates_follow_status/,
    );
    await t.db.referral.update({ where: { id: referralId }, data: { status: "FINISHED_TREATMENT", closedAt: new Date(`${today}T00:00:00Z`) } });
  });

  it("names a long-term condition only on the long-term-conditions pathway", async () => {
    const { referralId } = await referralInTreatment();
    await expect(t.db.referral.update({ where: { id: referralId }, data: { ltcCondition: "DIABETES" } })).rejects.toThrow(
      /Referral_ltc_condition_on_ltc_pathway/,
    );
    await t.db.referral.update({ where: { id: referralId }, data: { pathway: "LONG_TERM_CONDITIONS", ltcCondition: "DIABETES" } });
  });
});
