// Configuration for the Prisma CLI. The app's own migration commands
// (npm run db:migrate / db:migration) use the WebAssembly schema engine and do
// not read this file; it keeps `prisma migrate deploy` usable where the native
// engine is available.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
