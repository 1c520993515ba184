/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/
 * migration.sql taking the existing migrations to prisma/schema.prisma. Needs a
 * database server only for a throwaway shadow database; nothing is applied.
 */
import { relative } from "node:path";
import { createMigration, describeMigrationError, MIGRATION_NAME_PATTERN } from "@/lib/db/migrate";
import { loadDotEnv, resolveDatabase } from "./launch-env";

function fail(error: unknown): never {
  console.error(`db:migration failed: ${describeMigrationError(error).replace(/\s*\n\s*/g, " ")}`);
  process.exit(1);
}

// Engine panics escape as uncaught exceptions rather than rejections.
process.on("uncaughtException", fail);

async function main(): Promise<void> {
  const [name, ...extra] = process.argv.slice(2);
  if (!name || extra.length > 0 || !MIGRATION_NAME_PATTERN.test(name)) {
    fail("give one migration name of lower-case letters, digits and underscores, " + "for example: npm run db:migration -- add_referral_notes");
  }
  loadDotEnv();
  const database = await resolveDatabase((message) => console.log(message));
  try {
    const { path } = await createMigration(database.url, name);
    if (path === null) {
      console.log("No changes: the schema matches the migrations.");
    } else {
      console.log(`Wrote ${relative(process.cwd(), path)}`);
      console.log("Review it (add any SQL Prisma cannot express), then run npm run db:migrate.");
    }
  } finally {
    await database.stop();
  }
}

main().catch(fail);
