/**
 * `npm start` (and `npm run dev` with --dev): one command from a fresh clone to
 * a running clinic. Starts the embedded PostgreSQL unless DATABASE_URL is set,
 * applies migrations, loads demo data into an empty embedded database (or when
 * DEMO_DATA=1), builds when the build is missing or stale, and serves the app.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createDb } from "@/lib/db/client";
import { applyMigrations, describeMigrationError } from "@/lib/db/migrate";
import { describeEnvProblems, envSchema, reminderEnv } from "@/lib/env";
import { startReminderWorker, type ReminderWorker } from "@/lib/services/reminders/start-reminder-worker";
import { seedDemoData } from "@/prisma/seed";
import { runBuild, staleBuildReason } from "./build-state";
import { checkDatabase, loadDotEnv, resolveDatabase, resolveSecret } from "./launch-env";

const dev = process.argv.includes("--dev");
const log = (message: string) => console.log(`[clinic-day] ${message}`);
const nextBin = join("node_modules", "next", "dist", "bin", "next");

async function main(): Promise<void> {
  loadDotEnv();
  // Next.js telemetry would try to reach the internet; locked-down networks cannot.
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const productionDeployment = process.env.NODE_ENV === "production" && Boolean(process.env.DATABASE_URL);
  const database = await resolveDatabase(log);
  let child: ReturnType<typeof spawn> | undefined;
  let reminders: { worker: ReminderWorker; db: ReturnType<typeof createDb> } | undefined;
  const stop = async (code: number) => {
    child?.kill("SIGTERM");
    await reminders?.worker.stop().catch(() => undefined);
    await reminders?.db.$disconnect().catch(() => undefined);
    await database.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));

  try {
    const port = process.env.PORT ?? "3000";
    const settings = {
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: resolveSecret(productionDeployment),
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    };
    Object.assign(process.env, settings);
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Settings are missing or invalid:\n${describeEnvProblems(parsed.error)}`);

    await checkDatabase(database.url);
    const { applied } = await applyMigrations(database.url, { log });
    log(applied.length ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");

    if ((database.embedded && !process.env.NO_DEMO_DATA) || process.env.DEMO_DATA === "1") {
      const client = createDb(database.url, 4);
      try {
        await seedDemoData(client, log);
      } finally {
        await client.$disconnect();
      }
    }

    const stale = dev ? null : staleBuildReason();
    if (stale) {
      log(`Building the app (${stale})…`);
      if (!runBuild().ok) throw new Error("The build failed; see the messages above.");
    }

    log(`Clinic Day on http://localhost:${port} (${database.embedded ? "embedded database" : "DATABASE_URL"})`);
    child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: dev ? "development" : "production" },
    });
    child.on("exit", (code) => void stop(code ?? 0));

    const reminderSettings = reminderEnv();
    if (reminderSettings.NOTIFY_API_KEY) {
      const workerDb = createDb(database.url, 2);
      const worker = startReminderWorker(workerDb, reminderSettings, { log })!;
      reminders = { worker, db: workerDb };
      log("Sending appointment reminders through GOV.UK Notify.");
    } else {
      log("NOTIFY_API_KEY is not set: reminders are kept in the outbox (clinic lead → Reminders).");
    }
  } catch (error) {
    console.error(`[clinic-day] ${describeMigrationError(error)}`);
    await stop(1);
  }
}

// The schema engine's crashes escape as uncaught exceptions, not rejections.
process.on("uncaughtException", (error) => {
  console.error(`[clinic-day] ${describeMigrationError(error)}`);
  process.exit(1);
});

void main();
