/**
 * Flow board speed: getFlowBoard for a 60-patient day, everyone arrived and
 * screened, on a throwaway embedded PostgreSQL (temporary folder, free port).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@/lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/book-appointment";
import type { ServiceContext } from "@/lib/services/context";
import { createClinic, createClinicTemplate } from "@/lib/services/create-clinic";
import { createClinicDays } from "@/lib/services/create-clinic-days";
import { createPatient } from "@/lib/services/create-patient";
import { insertStaffUser } from "@/lib/services/create-staff-user";
import { getFlowBoard } from "@/lib/services/get-flow-board";
import { checkIn } from "@/lib/services/record-arrival";
import { recordPhq4 } from "@/lib/services/record-phq4";
import { createOrganisation, demoPatientInput } from "@/tests/helpers/factories";

const PATIENTS = 60;
const RUNS = 50;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export async function benchFlowBoard(): Promise<{ patients: number; runs: number; medianMs: number; p95Ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), "clinic-day-bench-"));
  // Run as root, the server runs as its own user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), port: await freePort() }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  try {
    await ensureDatabase(server.adminUrl, "bench");
    const url = server.urlFor("bench");
    await applyMigrations(url, { log: () => undefined });
    const db = createDb(url, 5);
    try {
      const org = await createOrganisation(db);
      const extra = async (name: string, roles: Array<"HEALTH_BUDDY" | "THERAPIST" | "GP">) =>
        (await insertStaffUser(db, org.pcnId, { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.nhs.uk`, roles, password: "bench-password-unused" })).id;
      const buddies = [org.staff.buddy.id, org.staff.buddy2.id, await extra("Bench Buddy Three", ["HEALTH_BUDDY"]), await extra("Bench Buddy Four", ["HEALTH_BUDDY"])];
      const therapists = [org.staff.therapist.id, await extra("Bench Therapist Two", ["THERAPIST"]), await extra("Bench Therapist Three", ["THERAPIST"])];
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
      const slots = await db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
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
      const board = await getFlowBoard(lead, { clinicDayId }); // warm-up
      if (board.rows.length !== PATIENTS) throw new Error(`Expected ${PATIENTS} patients on the board, got ${board.rows.length}`);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await getFlowBoard(lead, { clinicDayId });
        times.push(performance.now() - start);
      }
      return { patients: PATIENTS, runs: RUNS, medianMs: Number(percentile(times, 50).toFixed(1)), p95Ms: Number(percentile(times, 95).toFixed(1)) };
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
    // The server's password file sits beside its data folder, inside `dir`.
    rmSync(dir, { recursive: true, force: true });
  }
}
