/**
 * `npm run db:migrate`: applies the pending migrations in prisma/migrations to
 * DATABASE_URL, or to the embedded database under .data/ when it is not set.
 * Safe to run while the app or another db:migrate is starting: they queue.
 */
import { applyMigrations, describeMigrationError } from "@/lib/db/migrate";
import { loadDotEnv, resolveDatabase, safeLocation } from "./launch-env";

function fail(error: unknown): never {
  // One line, so it reads well in CI logs and shell scripts.
  console.error(`db:migrate failed: ${describeMigrationError(error).replace(/\s*\n\s*/g, " ")}`);
  process.exit(1);
}

// Engine panics escape as uncaught exceptions rather than rejections.
process.on("uncaughtException", fail);

async function main(): Promise<void> {
  loadDotEnv();
  const database = await resolveDatabase((message) => console.log(message));
  try {
    console.log(`Applying migrations to ${safeLocation(database.url)}`);
    const { applied } = await applyMigrations(database.url, { log: (message) => console.log(`  ${message}`) });
    if (applied.length === 0) {
      console.log("No pending migrations: the database is up to date.");
    } else {
      console.log(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}:`);
      for (const name of applied) console.log(`  - ${name}`);
    }
  } finally {
    await database.stop();
  }
}

main().catch(fail);
