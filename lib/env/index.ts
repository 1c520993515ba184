/**
 * Settings for the running app, validated with zod once at start-up.
 * The launcher (scripts/start.ts) fills in what a fresh machine lacks
 * (the embedded database's URL, a session secret kept under .data/).
 */
import { z } from "zod";

const durationMinutes = (fallback: number) =>
  z.coerce.number().int().min(1).max(7 * 24 * 60).default(fallback);

export const envSchema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required: the PostgreSQL connection string" })
    .url("DATABASE_URL must be a postgresql:// connection string")
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must start with postgresql://"),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is required: a random string of at least 32 characters" })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  SESSION_IDLE_MINUTES: durationMinutes(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof envSchema>;

/** Turns zod's issues into one line per setting, naming the setting. */
export function describeEnvProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join(".") || "environment";
      return `- ${name}: ${issue.message}`;
    })
    .join("\n");
}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Clinic Day cannot start: settings are missing or invalid.\n${describeEnvProblems(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}
