/**
 * `npm run scenario:pilot`: replays the published pilot (12 attend, 8 seen by
 * Talking Therapies, 6 brought into the service, 4 in treatment) through the
 * app's services into its own clinic of the demo organisation, on the app's
 * database (DATABASE_URL, or the embedded one under .data/), then prints the
 * funnel report for that clinic and period as the database now counts it.
 * Running it again adds nothing and prints the funnel again.
 */
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { formatPercent } from "@/lib/reports";
import { getClinicReport } from "@/lib/services/reports/get-clinic-report";
import { DEMO_STAFF } from "@/tests/helpers/factories";
import { PILOT_CLINIC_NAME, runPilotScenario } from "@/prisma/pilot-scenario";
import { checkDatabase, loadDotEnv, resolveDatabase, safeLocation } from "./launch-env";

async function main(): Promise<void> {
  loadDotEnv();
  const database = await resolveDatabase((message) => console.log(message));
  try {
    await checkDatabase(database.url);
    await applyMigrations(database.url, { log: () => undefined });
    const db = createDb(database.url, 4);
    try {
      console.log(`Pilot scenario on ${safeLocation(database.url)}`);
      const result = await runPilotScenario(db, { log: (message) => console.log(message) });
      const lead = await db.staffUser.findUniqueOrThrow({ where: { email: DEMO_STAFF.lead.email } });
      const report = await getClinicReport(
        {
          db,
          actor: { id: lead.id, name: lead.name, email: lead.email, roles: lead.roles, pcnId: lead.pcnId },
          request: { ip: "scenario", userAgent: "pilot scenario" },
        },
        { from: result.from, to: result.to, clinicId: result.clinicId },
      );
      console.log(`\nClinic funnel: ${PILOT_CLINIC_NAME}, ${result.from} to ${result.to} (open /reports with this clinic and period)`);
      console.table(
        report.funnel.map((r) => ({
          step: r.label,
          patients: r.count,
          "of previous": formatPercent(r.percentOfPrevious),
          "of booked": formatPercent(r.percentOfBooked),
        })),
      );
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`scenario:pilot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
