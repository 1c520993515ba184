/**
 * Demo data, created through the app's own services with the factories the
 * tests share. Idempotent: does nothing when staff already exist.
 */
import { addDays } from "date-fns";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import type { Db } from "@/lib/db/client";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/book-appointment";
import { checkIn, markDidNotAttend } from "@/lib/services/record-arrival";
import { recordPhq4 } from "@/lib/services/record-phq4";
import { recordPreparationCall } from "@/lib/services/record-preparation-call";
import { recordWrapAroundCheck } from "@/lib/services/record-wrap-around-check";
import { createClinic, createClinicTemplate } from "@/lib/services/create-clinic";
import { createClinicDays } from "@/lib/services/create-clinic-days";
import { createPatient } from "@/lib/services/create-patient";
import type { ServiceContext } from "@/lib/services/context";
import { createOrganisation, demoPatientInput, standardTemplateSessions } from "@/tests/helpers/factories";

export const DEMO_PATIENT_COUNT = 40;

export async function seedDemoData(db: Db, log: (message: string) => void = () => undefined): Promise<boolean> {
  if ((await db.staffUser.count()) > 0) {
    log("Demo data: the database already has staff; nothing added.");
    return false;
  }
  const org = await createOrganisation(db);
  const lead: ServiceContext = { db, actor: org.staff.lead, request: { ip: "seed", userAgent: "demo seed" } };

  const clinic = await createClinic(lead, { name: "Multi-morbidity clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, {
    clinicId: clinic.id,
    name: "Weekly multi-morbidity day",
    sessions: standardTemplateSessions(org),
  });

  for (let seq = 0; seq < DEMO_PATIENT_COUNT; seq++) {
    await createPatient(lead, demoPatientInput(seq, org.practiceIds));
  }

  // Weekly clinic days on today's weekday: the last four weeks and the next four.
  const today = londonToday();
  const firstDate = addDays(new Date(`${today}T12:00:00Z`), -28).toISOString().slice(0, 10);
  const days = await createClinicDays(lead, { templateId: template.id, firstDate, weeks: 9 });

  const reception: ServiceContext = { db, actor: org.staff.reception, request: lead.request };
  const buddies: ServiceContext[] = [org.staff.buddy, org.staff.buddy2].map((actor) => ({ db, actor, request: lead.request }));
  const bookings = await seedBookings(db, reception, buddies, days);

  log(`Demo data: 1 PCN, 3 practices, 7 staff, ${DEMO_PATIENT_COUNT} patients, 9 weekly clinic days around ${today}, ${bookings} morning bookings.`);

  const other = await seedSecondPcn(db);
  log(`Demo data: a second PCN (${SECOND_PCN.name}) with ${other.patients} patients and ${other.bookings} bookings today, to show each PCN sees only its own.`);
  return true;
}

/** A second, small PCN: its staff sign in at `@other-pcn.example.nhs.uk` and see only its own patients and days. */
export const SECOND_PCN = {
  name: "Hillside Primary Care Network",
  emailDomain: "other-pcn.example.nhs.uk",
  patients: 6,
  bookedToday: 4,
} as const;

async function seedSecondPcn(db: Db): Promise<{ patients: number; bookings: number }> {
  const org = await createOrganisation(db, {
    name: SECOND_PCN.name,
    places: {
      practices: [
        ["Hillside Surgery", "Y99101"],
        ["Moor Road Practice", "Y99102"],
        ["Quarry Bank Medical Centre", "Y99103"],
      ],
      site: { name: "Hillside Community Hub", address: "12 Moor Road" },
      emailDomain: SECOND_PCN.emailDomain,
      names: {
        lead: "Dr Ruth Adeyemi",
        reception: "Alex Morgan",
        buddy: "Joy Nwosu",
        buddy2: "Ravi Menon",
        therapist: "Ellen Park",
        gp: "Dr Owen Price",
        gp2: "Dr Sara Lind",
      },
    },
  });
  const request = { ip: "seed", userAgent: "demo seed" };
  const lead: ServiceContext = { db, actor: org.staff.lead, request };
  const reception: ServiceContext = { db, actor: org.staff.reception, request };
  const clinic = await createClinic(lead, { name: "Hillside multi-morbidity clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Hillside weekly day", sessions: standardTemplateSessions(org) });
  const patientIds: string[] = [];
  for (let i = 0; i < SECOND_PCN.patients; i++) {
    // Numbers after the first PCN's, so NHS numbers and names differ from theirs.
    patientIds.push((await createPatient(lead, demoPatientInput(DEMO_PATIENT_COUNT + i, org.practiceIds))).id);
  }
  const days = await createClinicDays(lead, { templateId: template.id, firstDate: londonToday(), weeks: 1 });
  const slots = await db.slot.findMany({
    where: { session: { clinicDayId: days.ids[0], kind: "WRAP_AROUND" } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    select: { id: true },
  });
  for (let i = 0; i < SECOND_PCN.bookedToday; i++) {
    await bookAppointment(reception, { slotId: slots[i * 2].id, patientId: patientIds[i] });
  }
  return { patients: patientIds.length, bookings: SECOND_PCN.bookedToday };
}

/** Morning bookings per weekly clinic day, from four weeks ago to four weeks ahead (18 slots a day). */
const BOOKED_PER_DAY = [14, 13, 15, 12, 12, 10, 6, 3, 0];
/** The order slots fill in, so a part-booked day has gaps across both stations. */
const SLOT_ORDER = [0, 3, 1, 5, 2, 7, 4, 9, 6, 11, 8, 13, 10, 15, 12, 17, 14, 16];

function daysBefore(date: string, n: number): string {
  return addDays(new Date(`${date}T12:00:00Z`), -n).toISOString().slice(0, 10);
}

/**
 * Bookings, preparation calls and arrivals through reception's own services.
 * Past clinic days are written as they happened by giving the services the
 * clock of that moment (booked a week ahead, checked in at the slot time),
 * rather than by a "past allowed" switch: the booking rule stays the one rule,
 * and bookedAt/checkedInAt/noShowAt read as real history. Server actions never
 * pass a clock, so this is reachable only from code that calls services directly.
 */
async function seedBookings(db: Db, reception: ServiceContext, buddies: ServiceContext[], days: { ids: string[]; dates: string[] }): Promise<number> {
  const today = londonToday();
  let count = 0;
  const patients = await db.patient.findMany({ select: { id: true, nhsNumber: true, longTermConditions: true } });
  const patientIds = new Map(patients.map((p) => [p.nhsNumber, p.id]));
  const conditions = new Map(patients.map((p) => [p.id, p.longTermConditions as string[]]));
  for (const [k, clinicDayId] of days.ids.entries()) {
    const date = days.dates[k];
    const past = date < today;
    const slots = await db.slot.findMany({
      where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
      select: { id: true, startsAt: true, column: true },
    });
    const booked = BOOKED_PER_DAY[k] ?? 0;
    let arrivals = 0;
    let positives = 0;
    for (let i = 0; i < booked && i < slots.length; i++) {
      const slot = slots[SLOT_ORDER[i] ?? i];
      // Coprime with 40, so each patient appears at most once a day.
      const patientId = patientIds.get(generateTestNhsNumber((k * 5 + i * 3) % DEMO_PATIENT_COUNT))!;
      const bookedAt = past ? { now: londonWallTimeToInstant(daysBefore(date, 7), "10:00") } : {};
      const { id: appointmentId } = await bookAppointment(reception, { slotId: slot.id, patientId }, bookedAt);
      count++;
      const prepared = past ? i % 3 !== 2 : i % 2 === 0;
      if (prepared) {
        await recordPreparationCall(
          reception,
          { appointmentId, formatExplained: true, fastingAdvised: i % 4 !== 1, bringMedicinesList: true, accessNeedsNoted: i % 3 === 0 },
          past ? { now: londonWallTimeToInstant(daysBefore(date, 2), "14:00") } : {},
        );
      }
      if (past) {
        if (i % 5 === 4) await markDidNotAttend(reception, { appointmentId }, { now: new Date(slot.startsAt.getTime() + 30 * 60_000) });
        else {
          await checkIn(reception, { appointmentId }, { now: new Date(slot.startsAt.getTime() - 10 * 60_000) });
          // The station's own health buddy screens the patient, as on the day.
          const buddy = buddies[slot.column] ?? buddies[0];
          const at = (minutes: number) => ({ now: new Date(slot.startsAt.getTime() + minutes * 60_000) });
          await recordWrapAroundCheck(buddy, demoWrapAroundCheck(appointmentId, k * 20 + i, conditions.get(patientId) ?? []), at(5));
          const positive = (arrivals * 3 + k) % 5 < 3 && positives < THERAPY_SLOTS_PER_DAY;
          if (positive) positives++;
          const answers = positive ? POSITIVE_ANSWERS[(arrivals + k) % POSITIVE_ANSWERS.length] : NEGATIVE_ANSWERS[(arrivals + k) % NEGATIVE_ANSWERS.length];
          await recordPhq4(buddy, { appointmentId, answers }, at(15));
          arrivals++;
        }
      }
    }
  }
  return count;
}

/**
 * PHQ-4 answers for past days: three in five at or above the threshold of 3,
 * near the pilot's 8 of 12, but no more in a day than the afternoon has
 * Talking Therapies slots (one therapist, six), so the demo's past days read as
 * fully routed rather than leaving waitlist entries open.
 */
const THERAPY_SLOTS_PER_DAY = 6;
const POSITIVE_ANSWERS: Array<[number, number, number, number]> = [
  [2, 1, 1, 1],
  [1, 1, 1, 0],
  [2, 2, 1, 2],
  [1, 2, 0, 1],
  [3, 2, 2, 3],
];
const NEGATIVE_ANSWERS: Array<[number, number, number, number]> = [
  [0, 1, 0, 0],
  [1, 0, 0, 1],
  [0, 0, 0, 0],
];

/** Plausible, varied readings for demo patient visit `n`, with the tests their conditions call for. */
function demoWrapAroundCheck(appointmentId: string, n: number, conditions: readonly string[]) {
  const has = (...c: string[]) => c.some((x) => conditions.includes(x));
  const systolic = 112 + ((n * 17) % 58) + (has("HYPERTENSION") ? 12 : 0);
  return {
    appointmentId,
    systolic,
    diastolic: Math.min(systolic - 30, 68 + ((n * 11) % 28)),
    pulse: 58 + ((n * 13) % 40),
    weightKg: (520 + ((n * 97) % 560)) / 10,
    heightCm: 152 + ((n * 7) % 38),
    bloodsTaken: has("DIABETES", "CHRONIC_KIDNEY_DISEASE", "HEART_FAILURE", "HYPERTENSION"),
    footCheck: has("DIABETES") ? (n % 4 === 0 ? "Reduced sensation left foot (monofilament); pulses present" : "Sensation and pulses normal both feet") : undefined,
    spirometry: has("COPD") ? `FEV1/FVC ${(0.55 + (n % 15) / 100).toFixed(2)}` : undefined,
    inhalerCheck: has("COPD", "ASTHMA") ? (n % 3 === 0 ? "Technique poor with MDI: spacer given and shown" : "Technique good") : undefined,
    notes: n % 6 === 0 ? "Brought an up-to-date medicines list" : undefined,
  };
}
