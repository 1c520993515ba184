/**
 * Settings for the running app, validated with zod once at start-up.
 * The launcher (scripts/start.ts) fills in what a fresh machine lacks
 * (the embedded database's URL, a session secret kept under .data/).
 */
import { z } from "zod";

const durationMinutes = (fallback: number) =>
  z.coerce.number().int().min(1).max(7 * 24 * 60).default(fallback);

const blankAsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appointment reminders through GOV.UK Notify. Without NOTIFY_API_KEY nothing
 * is sent and the clinic lead's reminders page shows the outbox instead.
 */
export const reminderEnvSchema = z
  .object({
    NOTIFY_API_KEY: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        // A Notify key is "<name>-<service id>-<secret>", both of those UUIDs.
        .regex(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "NOTIFY_API_KEY must be a GOV.UK Notify API key (its name, then the service id and secret)")
        .optional(),
    ),
    // Only for Notify's own test environments or a local stand-in; the client defaults to the live API.
    NOTIFY_BASE_URL: z.preprocess(blankAsUnset, z.string().url("NOTIFY_BASE_URL must be a URL").optional()),
    NOTIFY_SMS_TEMPLATE_ID: z.preprocess(blankAsUnset, z.string().regex(UUID, "NOTIFY_SMS_TEMPLATE_ID must be a Notify template id (a UUID)").optional()),
    NOTIFY_EMAIL_TEMPLATE_ID: z.preprocess(blankAsUnset, z.string().regex(UUID, "NOTIFY_EMAIL_TEMPLATE_ID must be a Notify template id (a UUID)").optional()),
    REMINDER_HOURS_BEFORE: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(14 * 24).default(24)),
    REMINDER_MAX_ATTEMPTS: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(20).default(5)),
    REMINDER_WORKER_INTERVAL_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(5).max(3600).default(60)),
  })
  .refine((v) => !v.NOTIFY_API_KEY || v.NOTIFY_SMS_TEMPLATE_ID || v.NOTIFY_EMAIL_TEMPLATE_ID, {
    message: "With NOTIFY_API_KEY set, set NOTIFY_SMS_TEMPLATE_ID and/or NOTIFY_EMAIL_TEMPLATE_ID",
    path: ["NOTIFY_API_KEY"],
  });

export type ReminderEnv = z.infer<typeof reminderEnvSchema>;

/** The reminder settings alone, so the worker and booking need no other setting to read them. */
export function reminderEnv(source: Record<string, string | undefined> = process.env): ReminderEnv {
  const parsed = reminderEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Reminder settings are invalid.\n${describeEnvProblems(parsed.error)}`);
  return parsed.data;
}

const baseEnvSchema = z.object({
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

export const envSchema = baseEnvSchema.and(reminderEnvSchema);

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
