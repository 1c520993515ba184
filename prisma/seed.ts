/**
 * Demo data, created through the app's own services with the factories the
 * tests share. Idempotent: does nothing when staff already exist.
 */
import { addDays } from "date-fns";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import type { Db } from "@/lib/db/client";
import { instantToLondonDate, londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { finishAfternoonAppointment } from "@/lib/services/afternoons/finish-afternoon-appointment";
import { startAfternoonAppointment } from "@/lib/services/afternoons/start-afternoon-appointment";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { recordPreparationCall } from "@/lib/services/appointments/record-preparation-call";
import { recordTriage } from "@/lib/services/triage/record-triage";
import { reviewRisk } from "@/lib/services/risks/review-risk";
import { updateReferralStatus } from "@/lib/services/referrals/update-referral-status";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { finaliseCarePlan } from "@/lib/services/care-plans/finalise-care-plan";
import { recordFollowUpContact } from "@/lib/services/key-workers/record-follow-up-contact";
import { reviseCarePlan } from "@/lib/services/care-plans/revise-care-plan";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { decideCase } from "@/lib/services/huddles/decide-case";
import { rollOverCases } from "@/lib/services/huddles/roll-over-cases";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { nextHuddleDate } from "@/lib/huddle/roll-over";
import { createOrganisation, demoPatientInput, standardTemplateSessions } from "@/tests/helpers/factories";
import { writeCourse, type CourseContact } from "@/tests/helpers/outcome-factories";
import { ensureBuiltinInstruments } from "@/lib/services/outcomes/internal/instrument-versions";
import { setPracticePractitioner } from "@/lib/services/practices/set-practice-practitioner";

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
  const firstDate = addDays(new Date(`${today}T12:00:00Z`), -28)
    .toISOString()
    .slice(0, 10);
  const days = await createClinicDays(lead, { templateId: template.id, firstDate, weeks: 9 });

  const reception: ServiceContext = { db, actor: org.staff.reception, request: lead.request };
  const buddies: ServiceContext[] = [org.staff.buddy, org.staff.buddy2].map((actor) => ({ db, actor, request: lead.request }));
  const bookings = await seedBookings(db, reception, buddies, days);
  const therapist: ServiceContext = { db, actor: org.staff.therapist, request: lead.request };
  const triaged = await seedTriage(therapist, days);
  const courses = await seedTherapyCourses(therapist, today);
  // Each practice's named Talking Therapies practitioner, for its newsletter.
  for (const practiceId of org.practiceIds) await setPracticePractitioner(lead, { practiceId, practitionerId: org.staff.therapist.id });
  const carePlans = await seedCarePlans(db, org, days, lead.request);
  const risks = await seedRiskReviews(db, org, days, lead.request);
  const pastHuddles = await seedPastHuddles(db, org, lead.request);
  const huddles = await seedHuddleSchedule(lead, org);

  log(
    `Demo data: 1 PCN, 3 practices, 9 staff, ${DEMO_PATIENT_COUNT} patients, 9 weekly clinic days around ${today}, ${bookings} morning bookings, ` +
      `${triaged} triaged Talking Therapies appointments (${risks.reviewed} risks since reviewed or resolved, ${risks.open} still open), ` +
      `${courses.closed} courses of treatment closed (${courses.recovered} recovered) and ${courses.open} still in treatment, ` +
      `${carePlans.plans} care plans, ${carePlans.contacts} key-worker contacts, ` +
      `${pastHuddles.huddles} past referral huddles with ${pastHuddles.cases} cases (${pastHuddles.overdue} referrals now overdue), ${huddles} referral huddles from today.`,
  );

  const other = await seedSecondPcn(db);
  log(
    `Demo data: a second PCN (${SECOND_PCN.name}) with ${other.patients} patients and ${other.bookings} bookings today, to show each PCN sees only its own.`,
  );
  return true;
}

/** The PCN's daily referral huddle: its time and how many are scheduled from today (today, then the following weekdays). */
export const DEMO_HUDDLES = { time: "12:30", count: 5 } as const;

/**
 * The referral huddle's schedule from today: today's huddle (whatever the
 * weekday, so the demo always has one) and the following weekdays', 20 minutes
 * at lunchtime, scheduled by the clinic lead with a GP, the Talking Therapies
 * clinician and the CMHT and secondary care psychotherapy partners. (Past
 * huddles with decided cases are seeded separately.)
 */
async function seedHuddleSchedule(lead: ServiceContext, org: Awaited<ReturnType<typeof createOrganisation>>): Promise<number> {
  const attendeeIds = [org.staff.gp.id, org.staff.therapist.id, org.staff.partner.id, org.staff.partner2.id];
  let date = londonToday();
  for (let i = 0; i < DEMO_HUDDLES.count; i++) {
    await scheduleHuddle(lead, { date, time: DEMO_HUDDLES.time, durationMinutes: 20, attendeeIds });
    date = nextHuddleDate(date);
  }
  return DEMO_HUDDLES.count;
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
  return addDays(new Date(`${date}T12:00:00Z`), -n)
    .toISOString()
    .slice(0, 10);
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
        if (i % 5 === 4) await markNoShow(reception, { appointmentId }, { now: new Date(slot.startsAt.getTime() + 30 * 60_000) });
        else {
          await checkIn(reception, { appointmentId }, { now: new Date(slot.startsAt.getTime() - 10 * 60_000) });
          // The station's own health buddy screens the patient, as on the day.
          const buddy = buddies[slot.column] ?? buddies[0];
          const at = (minutes: number) => ({ now: new Date(slot.startsAt.getTime() + minutes * 60_000) });
          await recordWrapAroundCheck(buddy, demoWrapAroundCheck(appointmentId, k * 20 + i, conditions.get(patientId) ?? []), at(5));
          const positive = (arrivals * 3 + k) % 5 < 3 && positives < THERAPY_SLOTS_PER_DAY;
          if (positive) positives++;
          const answers = positive
            ? POSITIVE_ANSWERS[(arrivals + k) % POSITIVE_ANSWERS.length]
            : NEGATIVE_ANSWERS[(arrivals + k) % NEGATIVE_ANSWERS.length];
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
    footCheck: has("DIABETES")
      ? n % 4 === 0
        ? "Reduced sensation left foot (monofilament); pulses present"
        : "Sensation and pulses normal both feet"
      : undefined,
    spirometry: has("COPD") ? `FEV1/FVC ${(0.55 + (n % 15) / 100).toFixed(2)}` : undefined,
    inhalerCheck: has("COPD", "ASTHMA") ? (n % 3 === 0 ? "Technique poor with MDI: spacer given and shown" : "Technique good") : undefined,
    notes: n % 6 === 0 ? "Brought an up-to-date medicines list" : undefined,
  };
}

/** Triage outcomes on past days, in turn: two referral pathways, support today, a signpost, a review at a later clinic. */
const DEMO_TRIAGES = [
  {
    presentingProblems: "Low mood and poor sleep since the heart failure diagnosis; withdrawn from the walking group",
    outcome: "REFER",
    pathway: "STEP_2",
    consentToReferral: true,
    recommendations: ["Review sleep hygiene and evening diuretic timing", "Consider cardiac rehabilitation referral"],
  },
  {
    presentingProblems: "Health anxiety about breathlessness; avoiding leaving the house",
    outcome: "REFER",
    pathway: "LONG_TERM_CONDITIONS",
    consentToReferral: true,
    recommendations: ["Breathlessness action plan with the respiratory nurse"],
  },
  { presentingProblems: "Worry about blood sugar readings; coping well with family support", outcome: "STANDALONE_SUPPORT", recommendations: [] },
  {
    presentingProblems: "Isolated since retiring; chronic pain limits getting out",
    outcome: "SIGNPOST",
    signpostKind: "SOCIAL_PRESCRIBING",
    signpostTo: "Riverside social prescribing link worker",
    recommendations: ["Review analgesia: pain stops sleep most nights"],
  },
  { presentingProblems: "Stress after a bereavement; wants to see how the next month goes", outcome: "REVIEW_LATER", recommendations: [] },
] as const;

/**
 * The therapist sees each past day's Talking Therapies patients in turn, as on
 * the day: calls them in, records the triage, finishes. Some disclose a risk
 * (with the action taken). Referrals then move on through their stages by
 * the dates they would have; reviews go to the clinic days after today.
 */
async function seedTriage(therapist: ServiceContext, days: { ids: string[]; dates: string[] }): Promise<number> {
  const today = londonToday();
  const later = days.ids.filter((_, k) => days.dates[k] > today);
  let n = 0;
  const referrals: Array<{ id: string; referredOn: string }> = [];
  for (const [k, clinicDayId] of days.ids.entries()) {
    if (days.dates[k] >= today) continue;
    const appointments = await therapist.db.appointment.findMany({
      where: { clinicDayId, kind: "TALKING_THERAPIES", status: "BOOKED" },
      include: { slot: { select: { startsAt: true, endsAt: true } }, patient: { select: { longTermConditions: true } } },
      orderBy: { slot: { startsAt: "asc" } },
    });
    for (const a of appointments) {
      const plan = DEMO_TRIAGES[(n + k) % DEMO_TRIAGES.length];
      const minutes = (m: number) => ({ now: new Date(a.slot.startsAt.getTime() + m * 60_000) });
      await startAfternoonAppointment(therapist, { appointmentId: a.id }, minutes(2));
      const risk =
        n % 4 === 1
          ? {
              riskToSelf: true,
              riskActionTaken:
                "Passive thoughts of not waking up, no plan or intent: safety plan agreed, crisis line given, GP told before their appointment",
            }
          : n % 7 === 3
            ? {
                riskFromOthers: true,
                riskActionTaken: "Discloses controlling partner: domestic abuse service details given safely; safeguarding lead informed",
              }
            : {};
      const review = plan.outcome === "REVIEW_LATER" ? { reviewClinicDayId: later[n % Math.max(1, later.length)] } : {};
      // An LTC referral is for the patient's first listed condition, as the form starts on it.
      const condition =
        "pathway" in plan && plan.pathway === "LONG_TERM_CONDITIONS" ? { ltcCondition: a.patient.longTermConditions[0] ?? "OTHER" } : {};
      const result = await recordTriage(
        therapist,
        { appointmentId: a.id, ...plan, recommendations: [...plan.recommendations], ...risk, ...review, ...condition },
        minutes(25),
      );
      await finishAfternoonAppointment(therapist, { appointmentId: a.id }, minutes(28));
      if (result.referralId) referrals.push({ id: result.referralId, referredOn: days.dates[k] });
      n++;
    }
  }
  await seedReferralProgress(therapist, referrals, today);
  return n;
}

/**
 * The risks disclosed at past triages, as the clinic would have dealt with
 * them: the first one's action was added to after a phone call that afternoon
 * (version 2 of that triage, with its reason); the GP who saw each patient
 * recorded the risk reviewed (or, for the oldest, later resolved). One stays
 * open: the latest, of a patient not booked today, so the demo shows a risk that
 * follows the patient to their summary and later lists without changing
 * today's lists.
 */
async function seedRiskReviews(
  db: Db,
  org: Awaited<ReturnType<typeof createOrganisation>>,
  days: { ids: string[]; dates: string[] },
  request: ServiceContext["request"],
) {
  const therapist: ServiceContext = { db, actor: org.staff.therapist, request };
  const gps = new Map([org.staff.gp, org.staff.gp2].map((actor) => [actor.id, { db, actor, request } as ServiceContext]));
  const todayId = days.ids[days.dates.indexOf(londonToday())];
  const risky = await db.triageOutcome.findMany({
    where: { OR: [{ riskToSelf: true }, { riskToOthers: true }, { riskFromOthers: true }] },
    include: { appointment: { select: { clinicDayId: true, slot: { select: { endsAt: true } } } }, referral: { select: { ltcCondition: true } } },
    orderBy: { recordedAt: "asc" },
  });
  const bookedToday = new Set(
    todayId ? (await db.appointment.findMany({ where: { clinicDayId: todayId }, select: { patientId: true } })).map((a) => a.patientId) : [],
  );
  const stillOpen = [...risky].reverse().find((t) => !bookedToday.has(t.patientId));

  const edited = risky.find((t) => t !== stillOpen && t.outcome !== "REVIEW_LATER");
  if (edited) {
    await recordTriage(
      therapist,
      {
        appointmentId: edited.appointmentId,
        presentingProblems: edited.presentingProblems,
        riskToSelf: edited.riskToSelf,
        riskToOthers: edited.riskToOthers,
        riskFromOthers: edited.riskFromOthers,
        riskActionTaken: `${edited.riskActionTaken} Follow-up call at 16:30: crisis team number given and the safety plan read back.`,
        outcome: edited.outcome,
        pathway: edited.pathway ?? undefined,
        ltcCondition: edited.referral?.ltcCondition ?? undefined,
        signpostKind: edited.signpostKind ?? undefined,
        signpostTo: edited.signpostTo ?? undefined,
        consentToReferral: edited.consentToReferral,
        recommendations: edited.recommendations,
        changeReason: "Added the follow-up call made the same afternoon",
      },
      { now: new Date(edited.appointment.slot.endsAt.getTime() + 90 * 60_000) },
    );
  }

  let reviewed = 0;
  for (const [i, t] of risky.entries()) {
    if (t === stillOpen) continue;
    const gpAppointment = await db.appointment.findFirst({
      where: { clinicDayId: t.appointment.clinicDayId, patientId: t.patientId, kind: "GP", activeSlotId: { not: null } },
      select: { slot: { select: { endsAt: true, staffId: true } } },
    });
    const gp = gps.get(gpAppointment?.slot.staffId ?? "") ?? gps.get(org.staff.gp.id)!;
    const seenAt = gpAppointment?.slot.endsAt ?? new Date(t.appointment.slot.endsAt.getTime() + 60 * 60_000);
    const { version } = await db.triageOutcome.findUniqueOrThrow({ where: { id: t.id }, select: { version: true } });
    const resolved = i === 0;
    await reviewRisk(
      gp,
      {
        triageOutcomeId: t.id,
        version,
        outcome: resolved ? "RESOLVED" : "REVIEWED",
        reason: resolved
          ? "At the GP appointment: the thoughts had passed since the medication review; safety plan kept but no flag needed"
          : "Discussed at the GP appointment the same afternoon: safety plan checked with the patient, follow-up agreed in the care plan",
      },
      { now: new Date(seenAt.getTime() + 5 * 60_000) },
    );
    reviewed++;
  }
  return { reviewed, open: stillOpen ? 1 : 0 };
}

/** Referrals move on in turn: accepted, in treatment, one declined, one that did not engage, the newest still waiting. */
async function seedReferralProgress(therapist: ServiceContext, referrals: Array<{ id: string; referredOn: string }>, today: string) {
  const on = (from: string, days: number) => {
    const d = addDays(new Date(`${from}T12:00:00Z`), days)
      .toISOString()
      .slice(0, 10);
    return d > today ? today : d;
  };
  for (const [i, r] of referrals.entries()) {
    if (i === referrals.length - 1) break;
    if (i === 2) {
      await updateReferralStatus(therapist, {
        referralId: r.id,
        status: "DECLINED",
        date: on(r.referredOn, 4),
        reason: "Patient chose to wait until after their hip operation",
      });
      continue;
    }
    await updateReferralStatus(therapist, { referralId: r.id, status: "ACCEPTED", date: on(r.referredOn, 3) });
    if (i === 3) {
      await updateReferralStatus(therapist, {
        referralId: r.id,
        status: "DID_NOT_ENGAGE",
        date: on(r.referredOn, 6),
        reason: "Three appointments offered by phone and letter, none taken up",
      });
    } else if (i % 2 === 0) {
      await updateReferralStatus(therapist, { referralId: r.id, status: "ENTERED_TREATMENT", date: on(r.referredOn, 6) });
    }
  }
}

/**
 * Courses of treatment for the triage referrals in treatment, in turn: PHQ-9 and
 * GAD-7 totals at the assessment and each treatment session, then (all but
 * the last) closed after treatment, so the practice newsletter shows real
 * rates: recovered, improved but not recovered, one not at caseness, and one
 * still in treatment. Sessions are spread evenly from the day treatment began
 * to today (weekly at most), so the courses close in the last eight days: the
 * newsletter of the current month (or, early in a month, the previous one)
 * shows them. The newest referral in treatment began too recently for more than
 * its assessment.
 */
const DEMO_COURSES: ReadonlyArray<{ scores: ReadonlyArray<readonly [number, number]>; close: boolean }> = [
  {
    scores: [
      [16, 13],
      [11, 9],
      [7, 6],
    ],
    close: true,
  }, // recovered, reliably
  {
    scores: [
      [20, 16],
      [15, 12],
      [13, 10],
    ],
    close: true,
  }, // reliably improved, still at caseness
  {
    scores: [
      [8, 6],
      [6, 5],
      [4, 3],
    ],
    close: true,
  }, // not at caseness at the start: in no recovery rate
  {
    scores: [
      [17, 14],
      [14, 11],
    ],
    close: false,
  }, // still in treatment
];

async function seedTherapyCourses(therapist: ServiceContext, today: string): Promise<{ closed: number; recovered: number; open: number }> {
  const db = therapist.db;
  const referrals = await db.referral.findMany({
    where: { status: "ENTERED_TREATMENT", triageOutcomeId: { not: null } },
    orderBy: [{ referredAt: "asc" }, { id: "asc" }],
    select: { id: true, patientId: true, enteredTreatmentAt: true },
  });
  const plans = referrals.slice(0, DEMO_COURSES.length).map((r, i) => ({ referral: r, plan: DEMO_COURSES[i] }));
  // The last plan (still in treatment) goes to the newest referral.
  if (plans.length === DEMO_COURSES.length) plans[plans.length - 1].referral = referrals.at(-1)!;
  const dayMs = 86_400_000;
  const toClose: Array<{ id: string; date: string; recovered: boolean }> = [];
  await db.$transaction(async (tx) => {
    const instruments = await ensureBuiltinInstruments(tx);
    for (const { referral, plan } of plans) {
      const began = referral.enteredTreatmentAt!.toISOString().slice(0, 10);
      const span = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${began}T00:00:00Z`)) / dayMs);
      const gap = Math.min(7, Math.floor(span / (plan.scores.length - 1)));
      // Too recent for the course: its assessment only.
      const scores = gap >= 1 ? plan.scores : plan.scores.slice(0, 1);
      const contacts: CourseContact[] = scores.map(([phq9, gad7], k) => ({
        date: new Date(Date.parse(`${began}T00:00:00Z`) + k * gap * dayMs).toISOString().slice(0, 10),
        kind: k === 0 ? "ASSESSMENT" : "TREATMENT",
        phq9,
        gad7,
      }));
      await writeCourse(tx, { patientId: referral.patientId, referralId: referral.id, practitionerId: therapist.actor.id, instruments, contacts });
      if (plan.close && scores.length === plan.scores.length) {
        const [first, last] = [plan.scores[0], plan.scores.at(-1)!];
        toClose.push({ id: referral.id, date: contacts.at(-1)!.date, recovered: (first[0] >= 10 || first[1] >= 8) && last[0] < 10 && last[1] < 8 });
      }
    }
  });
  for (const c of toClose) {
    await updateReferralStatus(therapist, { referralId: c.id, status: "FINISHED_TREATMENT", date: c.date, reason: "Course of treatment completed" });
  }
  return { closed: toClose.length, recovered: toClose.filter((c) => c.recovered).length, open: plans.length - toClose.length };
}

/** Weeks from a past clinic day to its care plans' review. */
const REVIEW_AFTER_DAYS = 42;

/**
 * Care plans for half of the past clinic days' GP appointments, finalised by
 * the GP of the slot just after it, through the GP's own services: the demo
 * health buddies as key workers, every Talking Therapies recommendation on
 * record accepted, the review booked into the first clinic day on or after its
 * date (or, for every third plan and when no day is far enough ahead, left on
 * the review list). A patient seen again later gets a revised version 2. Each
 * plan then has a key-worker contact ten days on, some of which leave the next
 * contact overdue today.
 */
async function seedCarePlans(
  db: Db,
  org: Awaited<ReturnType<typeof createOrganisation>>,
  days: { ids: string[]; dates: string[] },
  request: ServiceContext["request"],
): Promise<{ plans: number; contacts: number }> {
  const today = londonToday();
  const gps = new Map([org.staff.gp, org.staff.gp2].map((actor) => [actor.id, { db, actor, request } as ServiceContext]));
  const keyWorkers = [org.staff.buddy, org.staff.buddy2].map((actor) => ({ db, actor, request }) as ServiceContext);
  const future = days.ids.map((id, k) => ({ id, date: days.dates[k] })).filter((d) => d.date > today);
  let plans = 0;
  let contacts = 0;
  for (const [k, clinicDayId] of days.ids.entries()) {
    const date = days.dates[k];
    if (date >= today) continue;
    const appointments = await db.appointment.findMany({
      where: { clinicDayId, kind: "GP", activeSlotId: { not: null } },
      orderBy: { slot: { startsAt: "asc" } },
      select: { patientId: true, slot: { select: { endsAt: true, staffId: true } } },
    });
    for (const [i, appointment] of appointments.entries()) {
      if (i % 2 === 1) continue;
      const n = k * 7 + i / 2;
      const gp = gps.get(appointment.slot.staffId ?? "") ?? gps.get(org.staff.gp.id)!;
      const clock = { now: new Date(appointment.slot.endsAt.getTime() + 5 * 60_000) };
      const nextReviewDate = addDays(new Date(`${date}T12:00:00Z`), REVIEW_AFTER_DAYS)
        .toISOString()
        .slice(0, 10);
      const reviewDay = n % 3 === 0 ? undefined : future.find((d) => d.date >= nextReviewDate);
      const triage = await db.triageOutcome.findFirst({
        where: { patientId: appointment.patientId },
        orderBy: { recordedAt: "desc" },
        select: { recommendations: true },
      });
      const current = await db.carePlan.findFirst({
        where: { patientId: appointment.patientId, status: "FINAL" },
        select: { id: true, keyWorkerId: true },
      });
      const keyWorker = keyWorkers.find((w) => w.actor.id === current?.keyWorkerId) ?? keyWorkers[n % 2];
      const revised = current
        ? await reviseCarePlan(gp, { carePlanId: current.id, changeReason: "Seen again at the clinic: goals and review updated" }, clock)
        : null;
      const content = DEMO_PLANS[n % DEMO_PLANS.length];
      await finaliseCarePlan(
        gp,
        {
          patientId: appointment.patientId,
          carePlanId: revised?.carePlanId,
          whatMatters: content.whatMatters,
          goals: content.goals,
          actions: content.actions.map((a, j) => ({
            ...a,
            byWhen: addDays(new Date(`${date}T12:00:00Z`), 14 * (j + 1))
              .toISOString()
              .slice(0, 10),
          })),
          recommendations: (triage?.recommendations ?? []).map((recommendation) => ({ recommendation, accepted: true })),
          keyWorkerId: keyWorker.actor.id,
          nextReviewDate,
          reviewClinicDayId: reviewDay?.id,
        },
        clock,
      );
      plans++;
    }
  }
  // Contacts after all the plans, so each follows the plan now in force.
  const finals = await db.carePlan.findMany({
    where: { status: "FINAL" },
    orderBy: { finalisedAt: "asc" },
    select: { patientId: true, keyWorkerId: true, finalisedAt: true },
  });
  for (const [n, plan] of finals.entries()) {
    const finalisedOn = instantToLondonDate(plan.finalisedAt!);
    const contactDay = addDays(new Date(`${finalisedOn}T12:00:00Z`), 10)
      .toISOString()
      .slice(0, 10);
    if (contactDay > today) continue;
    const keyWorker = keyWorkers.find((w) => w.actor.id === plan.keyWorkerId)!;
    // Every other plan's next contact was due a week after this one: overdue by now.
    const nextContactDue = addDays(new Date(`${contactDay}T12:00:00Z`), n % 2 === 0 ? 7 : 21)
      .toISOString()
      .slice(0, 10);
    await recordFollowUpContact(
      keyWorker,
      {
        patientId: plan.patientId,
        method: CONTACT_METHODS[n % CONTACT_METHODS.length],
        notes: DEMO_PLANS[n % DEMO_PLANS.length].contactNote,
        contactedAt: contactDay,
        contactedTime: "11:00",
        nextContactDue,
      },
      { now: londonWallTimeToInstant(contactDay, "11:30") },
    );
    contacts++;
  }
  return { plans, contacts };
}

const CONTACT_METHODS = ["PHONE", "VISIT", "MESSAGE"] as const;
const DEMO_PLANS = [
  {
    whatMatters: "Looking after my grandchildren after school without getting breathless",
    goals: "Walk the children to school three mornings a week",
    actions: [
      { kind: "MEDICAL", description: "Inhaler technique and dose review", who: "Practice nurse" },
      { kind: "SELF_MANAGEMENT", description: "Use the breathing exercises sheet each morning", who: "Me" },
    ],
    contactNote: "Phoned: using the spacer now, walking to school twice this week",
  },
  {
    whatMatters: "Getting back to my allotment and seeing friends there",
    goals: "Spend two afternoons a week at the allotment",
    actions: [
      { kind: "MEDICAL", description: "Review pain relief after bloods", who: "GP" },
      { kind: "SOCIAL", description: "Introduce to the allotment society's buddy scheme", who: "Key worker" },
    ],
    contactNote: "Visited the allotment together; pain better in the mornings",
  },
  {
    whatMatters: "Feeling less alone since my wife died",
    goals: "Join one group that meets every week",
    actions: [
      { kind: "MENTAL_HEALTH", description: "Guided self-help sessions", who: "Talking Therapies" },
      { kind: "SOCIAL", description: "Try the Thursday lunch club", who: "Me, with the key worker the first time" },
    ],
    contactNote: "Went to the lunch club once; wants to go again",
  },
  {
    whatMatters: "Keeping my job and managing my diabetes at work",
    goals: "Check my sugars before lunch on work days",
    actions: [
      { kind: "MEDICAL", description: "HbA1c and kidney function blood test", who: "Practice nurse" },
      { kind: "SELF_MANAGEMENT", description: "Structured education course (DESMOND)", who: "Me" },
    ],
    contactNote: "Message reply: booked onto the education course",
  },
] as const;

/** Demo patients (by seq) booked only on past clinic days' mornings; those with a review booked later are left out too. */
const PAST_ONLY_PATIENTS = [8, 11, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27];

/** The weekday on or before `date` (huddles are held on weekdays). */
function weekdayOnOrBefore(date: string): string {
  let d = date;
  for (;;) {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) return d;
    d = daysBefore(d, 1);
  }
}

/**
 * Past referral huddles of the PCN over the last few weeks, so the reports and
 * the referral follow-through have something to show: decided cases across
 * every destination, one deferred and carried to the next huddle, referrals
 * accepted at the huddle, one accepted by the CMHT a week later (brought back
 * and accepted at the next huddle), one Talking Therapies referral since in
 * treatment, and two left waiting past their accept-by date. Made through the
 * huddle's own services with the clock of each moment, for patients seen only
 * on past clinic days (none with an open risk), so nothing is dated today and
 * today's lists are unchanged. A huddle whose cases were all decided is closed
 * at the end of its day; the services close a huddle only by carrying its cases
 * on, which would make a huddle for the next weekday (the upcoming schedule is
 * another function's).
 */
async function seedPastHuddles(
  db: Db,
  org: Awaited<ReturnType<typeof createOrganisation>>,
  request: ServiceContext["request"],
): Promise<{ huddles: number; cases: number; overdue: number }> {
  const today = londonToday();
  const as = (actor: (typeof org.staff)[keyof typeof org.staff]): ServiceContext => ({ db, actor, request });
  const lead = as(org.staff.lead);
  const at = (date: string, time: string) => ({ now: londonWallTimeToInstant(date, time) });

  const patients = await db.patient.findMany({
    where: {
      nhsNumber: { in: PAST_ONLY_PATIENTS.map((seq) => generateTestNhsNumber(seq)) },
      practice: { pcnId: org.pcnId },
      // A review booked into a later clinic day puts a patient on a later list: leave them out.
      appointments: { none: { clinicDay: { date: { gte: new Date(`${today}T00:00:00Z`) } } } },
    },
    select: {
      id: true,
      nhsNumber: true,
      referrals: { where: { service: null, status: { in: ["REFERRED", "ACCEPTED"] } }, select: { id: true } },
      triageOutcomes: { select: { id: true }, take: 1 },
    },
  });
  const risks = await loadOpenRisks(
    db,
    patients.map((p) => p.id),
  );
  // Patients a triage has seen first: the never-triaged ones are left, as far as they can be, for the huddle journey
  // in tests/e2e/huddle.spec.ts (it needs three nobody has brought to a huddle).
  const eligible = PAST_ONLY_PATIENTS.flatMap((seq) => patients.filter((p) => p.nhsNumber === generateTestNhsNumber(seq)))
    .filter((p) => !risks.has(p.id))
    .sort((a, b) => b.triageOutcomes.length - a.triageOutcomes.length);
  // Talking Therapies decisions go to patients with no Talking Therapies referral open, so the huddle makes a new one.
  const clean = eligible.filter((p) => p.referrals.length === 0);
  const tt = clean.slice(0, 2).map((p) => p.id);
  const others = eligible.filter((p) => !tt.includes(p.id)).map((p) => p.id);
  if (tt.length < 2 || others.length < 5) throw new Error("The demo data has too few patients for the past huddles");

  // Four past weekdays, about 3½, 2½ and 1½ weeks ago and last week, each strictly before today.
  const dates = [24, 17, 10, 6].map((n) => weekdayOnOrBefore(daysBefore(today, n)));
  const attendeeIds = [org.staff.gp.id, org.staff.gp2.id, org.staff.therapist.id, org.staff.partner.id, org.staff.partner2.id];
  const huddles: Array<{ id: string; date: string }> = [];
  for (const date of dates) {
    const h = await scheduleHuddle(lead, { date, time: "12:30", attendeeIds }, at(daysBefore(date, 7), "09:00"));
    huddles.push({ id: h.id, date });
  }
  const [h0, h1, h2, h3] = huddles;
  const gp = as(org.staff.gp);
  const gp2 = as(org.staff.gp2);
  const therapist = as(org.staff.therapist);
  let cases = 0;
  const bring = async (by: ServiceContext, patientId: string, huddle: { id: string; date: string }, question: string, when: { now: Date }) => {
    cases++;
    return (await bringCase(by, { patientId, huddleId: huddle.id, question }, when)).caseId;
  };
  const decide = (by: ServiceContext, input: Record<string, unknown>, date: string, time: string) => decideCase(by, input, at(date, time));
  // Seven patients for eleven cases: three come back to a later huddle with a new question.
  const [p1, p2, p3, p4, p5] = others;
  const [p6, p7, p9] = [p2, p3, p5];

  // First huddle: step 3 accepted on the spot; the CMHT asked but not there to accept; one deferred; one back to the GP.
  const c0 = await bring(
    gp,
    tt[0],
    h0,
    "Panic attacks since the heart attack: step 3 or the long-term-conditions pathway?",
    at(daysBefore(h0.date, 1), "15:00"),
  );
  const c1 = await bring(gp, p1, h0, "Voices at night again, stopped medication: CMHT?", at(h0.date, "09:10"));
  const c2 = await bring(gp2, p2, h0, "Long-standing relationship difficulties and self-harm history: psychotherapy?", at(h0.date, "10:00"));
  const c3 = await bring(therapist, p3, h0, "Low mood mostly from pain: is this for us at all?", at(h0.date, "11:00"));
  await decide(
    lead,
    {
      caseId: c0,
      destination: "TALKING_THERAPIES",
      pathway: "STEP_3",
      reason: "Panic disorder, motivated, no risk",
      acceptedById: org.staff.therapist.id,
    },
    h0.date,
    "12:34",
  );
  const toCmht = await decide(
    lead,
    { caseId: c1, destination: "CMHT", reason: "Relapse of psychosis likely: needs the CMHT's assessment" },
    h0.date,
    "12:38",
  );
  await decide(
    lead,
    {
      caseId: c2,
      destination: "DEFERRED",
      reason: "Psychotherapy need the last psychiatry letter",
      whatIsNeeded: "The psychiatry clinic letter from last year",
    },
    h0.date,
    "12:42",
  );
  await decide(lead, { caseId: c3, destination: "BACK_TO_GP", reason: "Pain review first; bring back if mood stays low" }, h0.date, "12:46");
  const rolled = await rollOverCases(lead, { huddleId: h0.id }, at(h0.date, "13:00"));
  const carried = rolled.carried.find((c) => c.patientId === p2)!.caseId;

  // Second: the deferred case decided; the CMHT referral brought back and accepted; step 4 and social prescribing.
  const back = await bring(gp, p1, h1, "CMHT referral from last week not yet picked up: can the CMHT take it?", at(daysBefore(h1.date, 1), "16:00"));
  const c4 = await bring(gp2, p4, h1, "Too complex for step 3, not for secondary care?", at(daysBefore(h1.date, 2), "14:00"));
  const c5 = await bring(gp, p5, h1, "Lonely since bereavement: Talking Therapies or something else?", at(h1.date, "08:45"));
  await decide(
    lead,
    {
      caseId: carried,
      destination: "SECONDARY_CARE_PSYCHOTHERAPY",
      reason: "Letter received: fits the psychotherapy service",
      acceptedById: org.staff.partner2.id,
    },
    h1.date,
    "12:33",
  );
  await decide(
    as(org.staff.partner),
    { caseId: back, destination: "CMHT", reason: "Accepted for assessment this week", acceptedById: org.staff.partner.id },
    h1.date,
    "12:37",
  );
  const toStep4 = await decide(
    lead,
    { caseId: c4, destination: "STEP_4_INTERFACE", reason: "Complex trauma; interface service to assess" },
    h1.date,
    "12:41",
  );
  await decide(lead, { caseId: c5, destination: "SOCIAL_PRESCRIBING", reason: "Bereavement group and befriending first" }, h1.date, "12:45");

  // Third: perinatal and a named service left waiting; step 2 accepted on the spot.
  const c6 = await bring(gp2, p6, h2, "Seen by psychotherapy, now four months after the birth, low and anxious: perinatal?", at(h2.date, "09:00"));
  const c7 = await bring(gp, p7, h2, "Back after the pain review, restricting food again: which service?", at(daysBefore(h2.date, 1), "11:30"));
  const c8 = await bring(therapist, tt[1], h2, "Mild anxiety after the COPD diagnosis: step 2?", at(h2.date, "10:15"));
  const toPerinatal = await decide(lead, { caseId: c6, destination: "PERINATAL", reason: "Within a year of the birth" }, h2.date, "12:34");
  await decide(
    lead,
    {
      caseId: c7,
      destination: "OTHER_SERVICE",
      serviceName: "Community eating disorders service",
      reason: "Eating disorder relapse",
      acceptBy: daysBefore(today, -7),
    },
    h2.date,
    "12:39",
  );
  await decide(
    lead,
    { caseId: c8, destination: "TALKING_THERAPIES", pathway: "STEP_2", reason: "Guided self-help fits", acceptedById: org.staff.therapist.id },
    h2.date,
    "12:44",
  );

  // Last week: the CMHT accepts on the spot.
  const c9 = await bring(gp, p9, h3, "Since the bereavement, paranoid thoughts at work: CMHT?", at(h3.date, "09:30"));
  await decide(
    as(org.staff.partner),
    { caseId: c9, destination: "CMHT", reason: "Early psychosis team to assess", acceptedById: org.staff.partner.id },
    h3.date,
    "12:35",
  );

  // The step 3 referral went on to treatment ten days after the huddle.
  const step3 = await db.referral.findFirstOrThrow({ where: { patientId: tt[0], service: null, status: "ACCEPTED" } });
  await updateReferralStatus(therapist, { referralId: step3.id, status: "ENTERED_TREATMENT", date: daysBefore(h0.date, -10) });

  // Every case of these huddles is decided: each closes at the end of its day (the first was closed when its deferred case was carried).
  for (const h of [h1, h2, h3]) await db.huddle.update({ where: { id: h.id }, data: { closedAt: londonWallTimeToInstant(h.date, "18:00") } });

  const waiting = [toCmht, toStep4, toPerinatal].map((d) => d.referral!.referralId);
  const overdue = await db.referral.count({ where: { id: { in: waiting }, status: "REFERRED", acceptBy: { lt: new Date(`${today}T00:00:00Z`) } } });
  return { huddles: huddles.length, cases, overdue };
}
