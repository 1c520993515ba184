/**
 * `npm run db:restore -- <file> [--force]`: restores a backup made by
 * db:backup into DATABASE_URL, or into the embedded database under .data/.
 * It refuses a database that already has tables unless --force, and runs as one
 * transaction: on any failure the database is left as it was.
 */
import { resolve } from "node:path";
import { restoreDatabase } from "@/lib/db/backup";
import { loadDotEnv, resolveDatabase, safeLocation } from "./launch-env";

async function main(): Promise<void> {
  loadDotEnv();
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const given = args.find((arg) => !arg.startsWith("--"));
  if (!given) throw new Error("Name the backup file: npm run db:restore -- <file> [--force]");
  const database = await resolveDatabase((message) => console.log(message));
  try {
    console.log(`Restoring ${given} into ${safeLocation(database.url)}…`);
    const summary = await restoreDatabase(database.url, resolve(given), { force });
    console.log(`Restored ${summary.rows} rows in ${summary.tables} tables (schema of ${summary.migrations} migrations).`);
    console.log("Start the app as usual; it applies any newer migrations.");
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
