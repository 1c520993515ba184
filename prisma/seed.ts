/**
 * Demo data, created through the app's own services with the factories the
 * tests share. Idempotent: does nothing when staff already exist.
 */
import { addDays } from "date-fns";
import type { Db } from "@/lib/db/client";
import { londonToday } from "@/lib/schedule";
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
  await createClinicDays(lead, { templateId: template.id, firstDate, weeks: 9 });

  log(`Demo data: 1 PCN, 3 practices, 7 staff, ${DEMO_PATIENT_COUNT} patients, 9 weekly clinic days around ${today}.`);
  return true;
}
