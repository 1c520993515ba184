/**
 * Factories shared by the demo seed and the tests: deterministic, realistic
 * patients and an organisation (PCN, practices, site, rooms, staff).
 * Demo NHS numbers are in the 999 range and pass the check digit; phone numbers
 * are Ofcom's drama numbers; ODS codes start with Y99 — none belong to real people.
 */
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import type { MentalHealthService, Role } from "@/lib/db/generated/enums";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import type { Actor } from "@/lib/db/context";
import { insertStaffUser } from "@/lib/services/staff/internal/insert-staff-user";
import type { PatientInput } from "@/lib/validation/patient";
import type { LongTermConditionCode } from "@/lib/patients/reference-data";

export const DEMO_PASSWORD = "clinic-day-demo";

const GIVEN = [
  "Amira",
  "Brian",
  "Chloe",
  "Dariusz",
  "Elaine",
  "Farhan",
  "Grace",
  "Hamza",
  "Irene",
  "Jagdeep",
  "Kofi",
  "Linda",
  "Mohammed",
  "Nadia",
  "Oluwaseun",
  "Patricia",
  "Qasim",
  "Rosa",
  "Sanjay",
  "Teresa",
];
const FAMILY = [
  "Ahmed",
  "Baker",
  "Campbell",
  "Dąbrowski",
  "Evans",
  "Farah",
  "Green",
  "Hussain",
  "Iqbal",
  "Jones",
  "Kowalski",
  "Lewis",
  "Mensah",
  "Nowak",
  "O'Connor",
  "Patel",
  "Quinn",
  "Rahman",
  "Singh",
  "Thompson",
  "Umar",
  "Virdee",
  "Walker",
  "Yusuf",
];
const LANGUAGES: Array<[string, boolean]> = [
  ["English", false],
  ["English", false],
  ["English", false],
  ["English", false],
  ["English", false],
  ["Punjabi", true],
  ["Polish", true],
  ["Somali", true],
  ["Urdu", false],
  ["Bengali", true],
  ["Tamil", false],
  ["Arabic", true],
];
const ACCESS = [
  undefined,
  undefined,
  undefined,
  "Wheelchair user: needs step-free access",
  undefined,
  "Hearing impairment: British Sign Language interpreter",
  undefined,
  "Partially sighted: large print",
  undefined,
  "Easy-read materials",
];
const CONDITION_SETS: LongTermConditionCode[][] = [
  ["DIABETES", "HYPERTENSION"],
  ["COPD", "HEART_FAILURE"],
  ["DIABETES", "CHRONIC_KIDNEY_DISEASE", "HYPERTENSION"],
  ["ASTHMA", "CHRONIC_PAIN"],
  ["CORONARY_HEART_DISEASE", "DIABETES"],
  ["IBS", "CHRONIC_PAIN"],
  ["LONG_COVID", "ASTHMA"],
  ["CANCER", "HYPERTENSION"],
  ["COPD", "DIABETES", "CORONARY_HEART_DISEASE"],
  ["LEARNING_DISABILITY", "DIABETES"],
  ["HEART_FAILURE", "CHRONIC_KIDNEY_DISEASE"],
  ["HYPERTENSION", "CHRONIC_PAIN", "OTHER"],
];

/** The form input for demo patient number `seq` (0-based), registered at one of `practiceIds`. */
export function demoPatientInput(seq: number, practiceIds: readonly string[], nhsOffset = 0): PatientInput {
  const [language, interpreter] = LANGUAGES[seq % LANGUAGES.length];
  const year = 1940 + ((seq * 7) % 46);
  const month = String(1 + ((seq * 5) % 12)).padStart(2, "0");
  const day = String(1 + ((seq * 11) % 28)).padStart(2, "0");
  return {
    nhsNumber: generateTestNhsNumber(seq + nhsOffset),
    givenName: GIVEN[seq % GIVEN.length],
    familyName: FAMILY[(seq * 7) % FAMILY.length],
    dateOfBirth: `${year}-${month}-${day}`,
    sex: seq % 2 === 0 ? "FEMALE" : "MALE",
    phone: seq % 9 === 8 ? undefined : `07700 900${String(seq % 1000).padStart(3, "0")}`,
    email: seq % 3 === 0 ? `patient${seq}@example.com` : undefined,
    preferredLanguage: language,
    interpreterNeeded: interpreter,
    accessibilityNeeds: ACCESS[seq % ACCESS.length],
    longTermConditions: CONDITION_SETS[seq % CONDITION_SETS.length],
    // Each channel its own consent: some agree to texts only, some to both, a few to email only (seq 3, 15, 27…).
    consentToTextReminders: seq % 4 !== 3,
    consentToEmailReminders: seq % 6 === 0 || seq % 12 === 3,
    practiceId: practiceIds[seq % practiceIds.length],
  };
}

export type DemoStaffKey = "reception" | "buddy" | "buddy2" | "therapist" | "gp" | "gp2" | "lead" | "partner" | "partner2";

export const DEMO_STAFF: Record<DemoStaffKey, { name: string; email: string; roles: Role[]; partnerService?: MentalHealthService }> = {
  lead: { name: "Dr Helen Okafor", email: "lead@example.nhs.uk", roles: ["CLINIC_LEAD"] },
  reception: { name: "Sam Reid", email: "reception@example.nhs.uk", roles: ["RECEPTION"] },
  buddy: { name: "Priya Shah", email: "buddy@example.nhs.uk", roles: ["HEALTH_BUDDY"] },
  buddy2: { name: "Tom Fletcher", email: "buddy2@example.nhs.uk", roles: ["HEALTH_BUDDY"] },
  therapist: { name: "Maria Costa", email: "therapist@example.nhs.uk", roles: ["THERAPIST"] },
  gp: { name: "Dr James Whitfield", email: "gp@example.nhs.uk", roles: ["GP"] },
  gp2: { name: "Dr Aisha Begum", email: "gp2@example.nhs.uk", roles: ["GP"] },
  /** Mental health partners in the PCN's referral huddle. */
  partner: { name: "Dr Kwame Mensah", email: "cmht@example.nhs.uk", roles: ["MENTAL_HEALTH_PARTNER"], partnerService: "CMHT" },
  partner2: {
    name: "Ruth Adeyemi",
    email: "psychotherapy@example.nhs.uk",
    roles: ["MENTAL_HEALTH_PARTNER"],
    partnerService: "SECONDARY_CARE_PSYCHOTHERAPY",
  },
};

export type Organisation = {
  pcnId: string;
  practiceIds: string[];
  siteId: string;
  rooms: Record<"treatment1" | "treatment2" | "therapy" | "gp1" | "gp2", string>;
  staff: Record<DemoStaffKey, Actor>;
};

/** Where a PCN's people work, for a second demo PCN beside the first. */
export type OrganisationPlaces = {
  /** Practice name → ODS code. */
  practices: Array<[string, string]>;
  site: { name: string; address: string };
  /** Staff emails end `@<emailDomain>` instead of `@example.nhs.uk`. */
  emailDomain: string;
  /** Staff names, by key, where they differ from the first PCN's. */
  names?: Partial<Record<DemoStaffKey, string>>;
};

const passwordHashes = new Map<string, Promise<string>>();

/**
 * Staff passwords hashed at the cost the app uses (BCRYPT_COST), as a real
 * account's would be: the demo data must not teach a weaker cost, and sign-in
 * compares unknown accounts against that cost. One hash per password per process.
 */
function staffPasswordHash(password: string): Promise<string> {
  if (!passwordHashes.has(password)) passwordHashes.set(password, hashPassword(password));
  return passwordHashes.get(password)!;
}

/**
 * Creates a PCN with three practices, a site with rooms, and the demo staff.
 * `suffix` keeps emails and codes unique when tests create several; `places`
 * gives a second PCN its own practices, site and staff addresses.
 */
export async function createOrganisation(
  db: Db,
  options: { suffix?: string; name?: string; password?: string; places?: OrganisationPlaces } = {},
): Promise<Organisation> {
  const suffix = options.suffix ?? "";
  const places = options.places;
  const passwordHash = await staffPasswordHash(options.password ?? DEMO_PASSWORD);
  return db.$transaction(async (tx) => {
    const pcn = await tx.pcn.create({ data: { name: options.name ?? "Riverside Primary Care Network" } });
    const practiceNames = places?.practices.map(([name]) => name) ?? ["Riverside Surgery", "Canal Street Medical Centre", "Oak Lane Health Centre"];
    const practiceIds: string[] = [];
    for (const [index, name] of practiceNames.entries()) {
      const odsCode = places ? places.practices[index][1] : suffix ? `Y${suffix}${index}`.slice(0, 9).toUpperCase() : `Y9990${index + 1}`;
      const practice = await tx.practice.create({ data: { name, odsCode, pcnId: pcn.id } });
      practiceIds.push(practice.id);
    }
    const site = await tx.site.create({ data: { ...(places?.site ?? { name: "Riverside Health Centre", address: "1 River Road" }), pcnId: pcn.id } });
    const roomNames = {
      treatment1: "Treatment room 1",
      treatment2: "Treatment room 2",
      therapy: "Room 3 (Talking Therapies)",
      gp1: "GP room 4",
      gp2: "GP room 5",
    } as const;
    const rooms = {} as Organisation["rooms"];
    for (const [key, name] of Object.entries(roomNames) as Array<[keyof typeof roomNames, string]>) {
      rooms[key] = (await tx.room.create({ data: { name, siteId: site.id } })).id;
    }
    const staff = {} as Organisation["staff"];
    for (const [key, person] of Object.entries(DEMO_STAFF) as Array<[DemoStaffKey, (typeof DEMO_STAFF)[DemoStaffKey]]>) {
      const domainEmail = places ? person.email.replace(/@.*$/, `@${places.emailDomain}`) : person.email;
      const email = suffix ? domainEmail.replace("@", `+${suffix}@`) : domainEmail;
      const name = places?.names?.[key] ?? person.name;
      const user = await insertStaffUser(tx, pcn.id, { ...person, name, email, password: DEMO_PASSWORD }, passwordHash);
      staff[key] = { id: user.id, name, email, roles: person.roles, pcnId: pcn.id };
    }
    return { pcnId: pcn.id, practiceIds, siteId: site.id, rooms, staff };
  });
}

/** The pilot's clinic template: morning wrap-around, Talking Therapies and GP afternoons. */
export function standardTemplateSessions(org: Organisation) {
  return [
    {
      kind: "WRAP_AROUND",
      start: "09:00",
      end: "12:00",
      slotMinutes: 20,
      roomId: org.rooms.treatment1,
      staffIds: [org.staff.buddy.id, org.staff.buddy2.id],
    },
    { kind: "TALKING_THERAPIES", start: "13:00", end: "16:00", slotMinutes: 30, roomId: org.rooms.therapy, staffIds: [org.staff.therapist.id] },
    { kind: "GP", start: "13:30", end: "17:00", slotMinutes: 20, roomId: org.rooms.gp1, staffIds: [org.staff.gp.id, org.staff.gp2.id] },
  ] as const;
}

/** The morning (wrap-around) slots of a clinic day, in the order reception fills them. */
export function morningSlots(db: Db, clinicDayId: string) {
  return db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
}

/**
 * A patient who has arrived for their morning appointment (booked and checked in), written straight to the table so a
 * test can start at the health buddy's PHQ-4.
 */
export function arrivedMorningAppointment(db: Db, input: { patientId: string; clinicDayId: string; slotId: string; checkedInAt?: Date }) {
  const { patientId, clinicDayId, slotId, checkedInAt = new Date() } = input;
  return db.appointment.create({
    data: {
      patientId,
      clinicDayId,
      slotId,
      activeSlotId: slotId,
      activeMorningDayId: clinicDayId,
      kind: "WRAP_AROUND",
      status: "ARRIVED",
      checkedInAt,
    },
  });
}
