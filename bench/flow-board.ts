/**
 * Flow board speed: getFlowBoard for a 60-patient day, everyone arrived and
 * screened, on a throwaway embedded PostgreSQL (temporary folder, free port).
 */
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { insertStaffUser } from "@/lib/services/staff/internal/insert-staff-user";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { checkIn } from "@/lib/services/appointments/check-in";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { createOrganisation, demoPatientInput } from "@/tests/helpers/factories";
import { timeRuns, withThrowawayDatabase } from "./throwaway-database";

const PATIENTS = 60;
const RUNS = 50;

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export async function benchFlowBoard(): Promise<{ patients: number; runs: number; medianMs: number; p95Ms: number }> {
  return withThrowawayDatabase(async (db) => {
    const org = await createOrganisation(db);
    const extra = async (name: string, roles: Array<"HEALTH_BUDDY" | "THERAPIST" | "GP">) =>
      (
        await insertStaffUser(db, org.pcnId, {
          name,
          email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.nhs.uk`,
          roles,
          password: "bench-password-unused",
        })
      ).id;
    const buddies = [
      org.staff.buddy.id,
      org.staff.buddy2.id,
      await extra("Bench Buddy Three", ["HEALTH_BUDDY"]),
      await extra("Bench Buddy Four", ["HEALTH_BUDDY"]),
    ];
    const therapists = [
      org.staff.therapist.id,
      await extra("Bench Therapist Two", ["THERAPIST"]),
      await extra("Bench Therapist Three", ["THERAPIST"]),
    ];
    const gps = [org.staff.gp.id, org.staff.gp2.id, ...(await Promise.all([3, 4, 5, 6].map((n) => extra(`Bench GP ${n}`, ["GP"]))))];
    const as = (key: keyof typeof org.staff): ServiceContext => ({ db, actor: org.staff[key] });

    const clinic = await createClinic(as("lead"), { name: "Bench clinic", siteId: org.siteId });
    const template = await createClinicTemplate(as("lead"), {
      clinicId: clinic.id,
      name: "Busy day",
      sessions: [
        { kind: "WRAP_AROUND", start: "08:00", end: "13:00", slotMinutes: 15, roomId: org.rooms.treatment1, staffIds: buddies },
        { kind: "TALKING_THERAPIES", start: "13:00", end: "17:00", slotMinutes: 30, roomId: org.rooms.therapy, staffIds: therapists },
        { kind: "GP", start: "13:30", end: "17:30", slotMinutes: 20, roomId: org.rooms.gp1, staffIds: gps },
      ],
    });
    // A week ahead, so booking is allowed; check-in is given that day's clock.
    const date = addDays(londonToday(), 7);
    const clinicDayId = (await createClinicDays(as("reception"), { templateId: template.id, firstDate: date, weeks: 1 })).ids[0];
    const slots = await db.slot.findMany({
      where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
      orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    });
    const onTheDay = { now: londonWallTimeToInstant(date, "07:55") };
    for (let i = 0; i < PATIENTS; i++) {
      const patient = await createPatient(as("reception"), demoPatientInput(i, org.practiceIds));
      const { id: appointmentId } = await bookAppointment(as("reception"), { slotId: slots[i].id, patientId: patient.id });
      await checkIn(as("reception"), { appointmentId }, onTheDay);
      // About 40% screen positive.
      const answers = i % 5 < 2 ? [2, 1, 1, 1] : [1, 0, 1, 0];
      await recordPhq4(as("buddy"), { appointmentId, answers });
    }

    const lead = as("lead");
    const board = await getFlowBoard(lead, { clinicDayId });
    if (board.rows.length !== PATIENTS) throw new Error(`Expected ${PATIENTS} patients on the board, got ${board.rows.length}`);
    return { patients: PATIENTS, ...(await timeRuns(RUNS, () => getFlowBoard(lead, { clinicDayId }))) };
  });
}
