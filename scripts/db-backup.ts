/**
 * `npm run db:backup -- [file]`: writes a backup of DATABASE_URL, or of the
 * embedded database under .data/ when it is not set (see lib/db/backup.ts).
 * Without a file name it goes to .data/backups/ with the date and time in its name.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { backupDatabase } from "@/lib/db/backup";
import { DATA_DIR, loadDotEnv, resolveDatabase, safeLocation } from "./launch-env";

async function main(): Promise<void> {
  loadDotEnv();
  const given = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const file = resolve(given ?? resolve(DATA_DIR, "backups", `clinic-day-${stamp}.backup.gz`));
  mkdirSync(dirname(file), { recursive: true });
  const database = await resolveDatabase((message) => console.log(message));
  try {
    console.log(`Backing up ${safeLocation(database.url)}…`);
    const summary = await backupDatabase(database.url, file);
    console.log(`Backed up ${summary.rows} rows in ${summary.tables} tables to ${summary.file}`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
