/**
 * The published pilot (Hillingdon IAPT with a PCN) replayed through the app's
 * own services: a four-week clinic in which 12 people attend, 8 score 3 or more
 * on the PHQ-4 and are seen by Talking Therapies, 6 are brought into the
 * service and 4 go on to treatment. Two more people are booked and do not
 * attend. It goes into its own clearly named clinic of the demo organisation,
 * on four past weekly dates with no other clinic day, so the funnel report for
 * that clinic and period reads 12 / 8 / 6 / 4 from the stored records.
 * Idempotent: when the clinic exists, nothing is added.
 */
import type { Db } from "@/lib/db/client";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import { londonToday } from "@/lib/schedule";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { finishMorningAppointment } from "@/lib/services/assessments/finish-morning-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import type { Actor, ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { recordPreparationCall } from "@/lib/services/appointments/record-preparation-call";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";
import { updateReferralStatus } from "@/lib/services/referrals/update-referral-status";
import {
  createOrganisation,
  DEMO_STAFF,
  demoPatientInput,
  standardTemplateSessions,
  type DemoStaffKey,
  type Organisation,
} from "@/tests/helpers/factories";

export const PILOT_CLINIC_NAME = "Pilot scenario clinic (4 weeks)";
/** Test NHS numbers from here on, clear of the demo data's first 40. */
const NHS_OFFSET = 9000;
const WEEKS = 4;
/** The first pilot day is about ten weeks back, so every referral's later dates are in the past too. */
const FIRST_DAY_BACK = 70;

type Answers = [number, number, number, number];
type Visit = {
  week: number;
  dna?: boolean;
  answers?: Answers;
  triage?: "REFER" | "STANDALONE_SUPPORT" | "SIGNPOST";
  /** For REFER: how far the referral went. */
  referral?: "ACCEPTED" | "ENTERED_TREATMENT";
  problems?: string;
};

const LOW: Answers[] = [
  [0, 1, 0, 0],
  [1, 0, 0, 1],
  [0, 0, 1, 0],
  [0, 0, 0, 0],
];

/** 14 booked, 2 did not attend, 12 attended; 8 at 3 or more, all seen; 6 referrals accepted; 4 in treatment. */
export const PILOT_VISITS: Visit[] = [
  {
    week: 0,
    answers: [2, 1, 1, 1],
    triage: "REFER",
    referral: "ENTERED_TREATMENT",
    problems: "Low mood and worry since the diabetes diagnosis; poor sleep",
  },
  { week: 0, answers: LOW[0] },
  { week: 0, answers: [1, 2, 0, 1], triage: "REFER", referral: "ACCEPTED", problems: "Health anxiety about breathlessness (COPD)" },
  { week: 0, dna: true },
  { week: 1, answers: [2, 2, 1, 2], triage: "REFER", referral: "ENTERED_TREATMENT", problems: "Panic when breathless; avoiding going out" },
  { week: 1, answers: LOW[1] },
  { week: 1, answers: [1, 1, 1, 0], triage: "STANDALONE_SUPPORT", problems: "Frustration with chronic pain; wants tools to pace activity" },
  {
    week: 2,
    answers: [3, 2, 2, 3],
    triage: "REFER",
    referral: "ENTERED_TREATMENT",
    problems: "Persistent low mood, loss of interest after heart failure admission",
  },
  { week: 2, answers: LOW[2] },
  { week: 2, answers: [1, 1, 0, 1], triage: "SIGNPOST", problems: "Isolation and money worries more than mood" },
  { week: 2, dna: true },
  { week: 3, answers: [2, 1, 2, 1], triage: "REFER", referral: "ENTERED_TREATMENT", problems: "Worry about kidney function results; irritability" },
  { week: 3, answers: [1, 2, 1, 1], triage: "REFER", referral: "ACCEPTED", problems: "Low mood with IBS flare-ups" },
  { week: 3, answers: LOW[3] },
];

const GIVEN = ["Ada", "Bilal", "Carys", "Desmond", "Eilidh", "Femi", "Gwen", "Harpreet", "Isla", "Jonah", "Kamala", "Leon", "Maeve", "Nikhil"];
const FAMILY = [
  "Ashworth",
  "Brennan",
  "Chowdhury",
  "Doyle",
  "Ellery",
  "Fairbairn",
  "Gallagher",
  "Hollis",
  "Ibekwe",
  "Jessop",
  "Kerr",
  "Lindqvist",
  "Moreau",
  "Nakamura",
];

export type PilotResult = { created: boolean; clinicId: string; from: string; to: string; dates: string[] };

function shift(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const minutes = (at: Date, n: number) => ({ now: new Date(at.getTime() + n * 60_000) });

/** The demo organisation as the factories describe it, found by the demo staff's emails; created on an empty database. */
async function demoOrganisation(db: Db): Promise<Organisation> {
  const lead = await db.staffUser.findUnique({ where: { email: DEMO_STAFF.lead.email } });
  if (!lead) {
    if ((await db.staffUser.count()) > 0) {
      throw new Error(`The pilot scenario runs in the demo organisation (${DEMO_STAFF.lead.email}), which this database does not have.`);
    }
    return createOrganisation(db);
  }
  const staff = {} as Organisation["staff"];
  for (const [key, person] of Object.entries(DEMO_STAFF) as Array<[DemoStaffKey, (typeof DEMO_STAFF)[DemoStaffKey]]>) {
    const user = await db.staffUser.findFirst({ where: { email: person.email, pcnId: lead.pcnId, active: true } });
    if (!user) throw new Error(`The pilot scenario needs the demo account ${person.email}, active.`);
    staff[key] = { id: user.id, name: user.name, email: user.email, roles: user.roles, pcnId: user.pcnId } satisfies Actor;
  }
  const practices = await db.practice.findMany({ where: { pcnId: lead.pcnId }, orderBy: { odsCode: "asc" }, select: { id: true } });
  const site = await db.site.findFirstOrThrow({ where: { pcnId: lead.pcnId }, orderBy: { createdAt: "asc" }, include: { rooms: true } });
  const room = (name: string) => {
    const found = site.rooms.find((r) => r.name === name);
    if (!found) throw new Error(`The pilot scenario needs the demo room "${name}" at ${site.name}.`);
    return found.id;
  };
  return {
    pcnId: lead.pcnId,
    practiceIds: practices.map((p) => p.id),
    siteId: site.id,
    rooms: {
      treatment1: room("Treatment room 1"),
      treatment2: room("Treatment room 2"),
      therapy: room("Room 3 (Talking Therapies)"),
      gp1: room("GP room 4"),
      gp2: room("GP room 5"),
    },
    staff,
  };
}

/** Four weekly past dates on which the PCN has no clinic day, so the rostered staff are free. */
async function freeWeeklyDates(db: Db, pcnId: string, today: string): Promise<string[]> {
  for (let offset = 0; offset < 7; offset++) {
    const dates = Array.from({ length: WEEKS }, (_, w) => shift(today, -FIRST_DAY_BACK - offset + 7 * w));
    const taken = await db.clinicDay.count({ where: { clinic: { pcnId }, date: { in: dates.map((d) => new Date(`${d}T00:00:00Z`)) } } });
    if (taken === 0) return dates;
  }
  throw new Error("Every weekday ten weeks back already has a clinic day; the pilot scenario needs four free weekly dates.");
}

export async function runPilotScenario(db: Db, options: { today?: string; log?: (message: string) => void } = {}): Promise<PilotResult> {
  const log = options.log ?? (() => undefined);
  const today = options.today ?? londonToday();
  const org = await demoOrganisation(db);
  const existing = await db.clinic.findFirst({
    where: { pcnId: org.pcnId, name: PILOT_CLINIC_NAME },
    include: { days: { orderBy: { date: "asc" }, select: { date: true } } },
  });
  if (existing) {
    const dates = existing.days.map((d) => d.date.toISOString().slice(0, 10));
    log(`The pilot scenario clinic already exists (${dates[0]} to ${dates.at(-1)}); nothing added.`);
    return { created: false, clinicId: existing.id, from: dates[0], to: dates.at(-1)!, dates };
  }

  const request = { ip: "scenario", userAgent: "pilot scenario" };
  const as = (key: DemoStaffKey): ServiceContext => ({ db, actor: org.staff[key], request });
  const dates = await freeWeeklyDates(db, org.pcnId, today);
  const before = (date: string, days: number) => ({ now: new Date(`${shift(date, -days)}T10:00:00Z`) });

  const clinic = await createClinic(as("lead"), { name: PILOT_CLINIC_NAME, siteId: org.siteId });
  const template = await createClinicTemplate(as("lead"), {
    clinicId: clinic.id,
    name: "Pilot multi-morbidity day",
    sessions: standardTemplateSessions(org),
  });
  const days = await createClinicDays(as("lead"), { templateId: template.id, firstDate: dates[0], weeks: WEEKS });
  log(`Pilot scenario: clinic "${PILOT_CLINIC_NAME}", weekly from ${dates[0]} to ${dates.at(-1)}.`);

  const slotsUsed = new Map<number, number>();
  for (const [i, visit] of PILOT_VISITS.entries()) {
    const date = dates[visit.week];
    const clinicDayId = days.ids[visit.week];
    const input = demoPatientInput(i, org.practiceIds, NHS_OFFSET);
    const patient = await createPatient(as("reception"), {
      ...input,
      nhsNumber: generateTestNhsNumber(NHS_OFFSET + i),
      givenName: GIVEN[i],
      familyName: FAMILY[i],
    });
    const slots = await db.slot.findMany({
      where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    });
    const n = slotsUsed.get(visit.week) ?? 0;
    slotsUsed.set(visit.week, n + 1);
    const slot = slots[n];
    // Booked two weeks ahead and called to prepare, as the pilot's reception staff did.
    const { id: appointmentId } = await bookAppointment(as("reception"), { slotId: slot.id, patientId: patient.id }, before(date, 14));
    await recordPreparationCall(
      as("reception"),
      { appointmentId, formatExplained: true, fastingAdvised: true, bringMedicinesList: true },
      before(date, 3),
    );
    if (visit.dna) {
      await markNoShow(as("reception"), { appointmentId }, minutes(slot.startsAt, 30));
      continue;
    }
    const buddy = slot.column === 0 ? as("buddy") : as("buddy2");
    await checkIn(as("reception"), { appointmentId }, minutes(slot.startsAt, -10));
    await recordWrapAroundCheck(
      buddy,
      { appointmentId, systolic: 124 + i * 2, diastolic: 78 + (i % 5), pulse: 64 + i, weightKg: 70 + i, heightCm: 160 + i, bloodsTaken: true },
      minutes(slot.startsAt, 4),
    );
    await recordPhq4(buddy, { appointmentId, answers: visit.answers! }, minutes(slot.startsAt, 12));
    await finishMorningAppointment(buddy, { appointmentId }, minutes(slot.startsAt, 18));

    const afternoon = await db.appointment.findMany({
      where: { clinicDayId, patientId: patient.id, kind: { in: ["TALKING_THERAPIES", "GP"] }, activeSlotId: { not: null } },
      include: { slot: true },
      orderBy: { slot: { startsAt: "asc" } },
    });
    let ready = slot.endsAt;
    for (const a of afternoon) {
      const start = new Date(Math.max(a.slot.startsAt.getTime(), ready.getTime()) + 3 * 60_000);
      if (a.kind === "TALKING_THERAPIES") {
        await startAfternoonAppointment(as("therapist"), { appointmentId: a.id }, { now: start });
        const triage = await recordTriage(as("therapist"), triageInput(a.id, visit, input.longTermConditions?.[0] ?? "OTHER"), minutes(start, 20));
        await finishAfternoonAppointment(as("therapist"), { appointmentId: a.id }, minutes(start, 25));
        if (visit.referral && triage.referralId) {
          await updateReferralStatus(as("therapist"), { referralId: triage.referralId, status: "ACCEPTED", date: shift(date, 7) });
          if (visit.referral === "ENTERED_TREATMENT") {
            await updateReferralStatus(as("therapist"), { referralId: triage.referralId, status: "ENTERED_TREATMENT", date: shift(date, 21) });
          }
        }
        ready = minutes(start, 25).now;
      } else {
        await startAfternoonAppointment(as("gp"), { appointmentId: a.id }, { now: start });
        await finishAfternoonAppointment(as("gp"), { appointmentId: a.id }, minutes(start, 15));
      }
    }
  }
  log(`Pilot scenario: ${PILOT_VISITS.length} booked, 12 attended, 8 seen by Talking Therapies, 6 referrals accepted, 4 in treatment.`);
  return { created: true, clinicId: clinic.id, from: dates[0], to: dates.at(-1)!, dates };
}

function triageInput(appointmentId: string, visit: Visit, ltcCondition: string) {
  const base = {
    appointmentId,
    presentingProblems: visit.problems ?? "Low mood alongside long-term conditions",
    recommendations: ["Review the care plan's goals at the next clinic"],
  };
  if (visit.triage === "REFER") return { ...base, outcome: "REFER", pathway: "LONG_TERM_CONDITIONS", ltcCondition, consentToReferral: true };
  if (visit.triage === "SIGNPOST")
    return { ...base, outcome: "SIGNPOST", signpostKind: "SOCIAL_PRESCRIBING", signpostTo: "Riverside social prescribing service" };
  return { ...base, outcome: "STANDALONE_SUPPORT" };
}
