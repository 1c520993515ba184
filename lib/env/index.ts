/**
 * Settings for the running app, validated with zod once at start-up.
 * The launcher (scripts/start.ts) fills in what a fresh machine lacks
 * (the embedded database's URL, a session secret kept under .data/).
 */
import { z } from "zod";

const durationMinutes = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(fallback);

const optionalSetting = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

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
        .regex(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          "NOTIFY_API_KEY must be a GOV.UK Notify API key (its name, then the service id and secret)",
        )
        .optional(),
    ),
    // Only for Notify's own test environments or a local stand-in; the client defaults to the live API.
    NOTIFY_BASE_URL: z.preprocess(blankAsUnset, z.string().url("NOTIFY_BASE_URL must be a URL").optional()),
    NOTIFY_SMS_TEMPLATE_ID: z.preprocess(
      blankAsUnset,
      z.string().regex(UUID, "NOTIFY_SMS_TEMPLATE_ID must be a Notify template id (a UUID)").optional(),
    ),
    NOTIFY_EMAIL_TEMPLATE_ID: z.preprocess(
      blankAsUnset,
      z.string().regex(UUID, "NOTIFY_EMAIL_TEMPLATE_ID must be a Notify template id (a UUID)").optional(),
    ),
    REMINDER_HOURS_BEFORE: z.preprocess(
      blankAsUnset,
      z.coerce
        .number()
        .int()
        .min(1)
        .max(14 * 24)
        .default(24),
    ),
    // Invitations to take part through a patient link (docs/decisions/0016-patient-links.md): their own templates,
    // and the public address patients open (the link is <PATIENT_LINK_BASE_URL>/p/<token>).
    NOTIFY_INVITATION_SMS_TEMPLATE_ID: z.preprocess(
      blankAsUnset,
      z.string().regex(UUID, "NOTIFY_INVITATION_SMS_TEMPLATE_ID must be a Notify template id (a UUID)").optional(),
    ),
    NOTIFY_INVITATION_EMAIL_TEMPLATE_ID: z.preprocess(
      blankAsUnset,
      z.string().regex(UUID, "NOTIFY_INVITATION_EMAIL_TEMPLATE_ID must be a Notify template id (a UUID)").optional(),
    ),
    PATIENT_LINK_BASE_URL: z.preprocess(
      blankAsUnset,
      z
        .string()
        .url("PATIENT_LINK_BASE_URL must be the app's public address, like https://clinic.example.nhs.uk")
        .refine((v) => /^https:\/\//.test(v) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(v), "PATIENT_LINK_BASE_URL must use https://")
        .optional(),
    ),
    REMINDER_MAX_ATTEMPTS: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(20).default(5)),
    REMINDER_WORKER_INTERVAL_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(5).max(3600).default(60)),
  })
  .refine((v) => !v.NOTIFY_API_KEY || v.NOTIFY_SMS_TEMPLATE_ID || v.NOTIFY_EMAIL_TEMPLATE_ID, {
    message: "With NOTIFY_API_KEY set, set NOTIFY_SMS_TEMPLATE_ID and/or NOTIFY_EMAIL_TEMPLATE_ID",
    path: ["NOTIFY_API_KEY"],
  })
  .refine((v) => !(v.NOTIFY_INVITATION_SMS_TEMPLATE_ID || v.NOTIFY_INVITATION_EMAIL_TEMPLATE_ID) || v.PATIENT_LINK_BASE_URL, {
    message: "With an invitation template set, set PATIENT_LINK_BASE_URL (the address patients open)",
    path: ["PATIENT_LINK_BASE_URL"],
  });

export type ReminderEnv = z.infer<typeof reminderEnvSchema>;

/** The reminder settings alone, so the worker and booking need no other setting to read them. */
export function reminderEnv(source: Record<string, string | undefined> = process.env): ReminderEnv {
  const parsed = reminderEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Reminder settings are invalid.\n${describeEnvProblems(parsed.error)}`);
  return parsed.data;
}

/**
 * Where the message catalogues for languages other than English are: one
 * `<locale>.json` file each (docs/operations.md, "Patients in their language").
 * English is built in; without the folder every patient gets English.
 */
export const messageEnvSchema = z.object({
  MESSAGE_CATALOGUE_DIR: z.preprocess(blankAsUnset, z.string().trim().max(500, "MESSAGE_CATALOGUE_DIR must be a folder path").default("messages")),
});

export type MessageEnv = z.infer<typeof messageEnvSchema>;

/** The catalogue setting alone, for the reminder worker and the pages that print for patients. */
export function messageEnv(source: Record<string, string | undefined> = process.env): MessageEnv {
  const parsed = messageEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Message catalogue settings are invalid.\n${describeEnvProblems(parsed.error)}`);
  return parsed.data;
}

const baseEnvSchema = z
  .object({
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
    // Behind a load balancer: how many proxies, or which addresses, to believe X-Forwarded-For from (lib/http/client-address.ts).
    TRUSTED_PROXIES: optionalSetting.pipe(
      z
        .string()
        .refine(
          (v) => (/^\d+$/.test(v) ? Number(v) <= 10 : v.split(",").every((part) => z.union([z.ipv4(), z.ipv6()]).safeParse(part.trim()).success)),
          "TRUSTED_PROXIES must be how many proxies stand in front of the app (0 to 10) or their IP addresses, comma-separated",
        )
        .optional(),
    ),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // Optional OpenID Connect sign-in (NHS Care Identity Service 2, or a trust's identity provider).
    OIDC_ISSUER: optionalSetting.pipe(
      z
        .url("OIDC_ISSUER must be the identity provider's issuer URL, like https://login.example.nhs.uk")
        // Tokens and codes cross this connection: plain http only to this machine (tests, development).
        .refine((v) => /^https:\/\//.test(v) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(v), "OIDC_ISSUER must use https://")
        .optional(),
    ),
    OIDC_CLIENT_ID: optionalSetting,
    OIDC_CLIENT_SECRET: optionalSetting,
    OIDC_NAME: optionalSetting.pipe(z.string().max(60, "OIDC_NAME must be 60 characters or fewer").optional()),
    OIDC_SCOPES: optionalSetting.pipe(
      z
        .string()
        .refine((v) => v.split(/\s+/).includes("openid"), "OIDC_SCOPES must include openid")
        .default("openid email profile"),
    ),
    OIDC_TOKEN_AUTH_METHOD: optionalSetting.pipe(z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic")),
    OIDC_ID_TOKEN_ALG: optionalSetting.pipe(z.enum(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]).optional()),
    // Some directories (Microsoft Entra ID among them) send no email_verified claim although the trust manages every address.
    OIDC_REQUIRE_VERIFIED_EMAIL: optionalSetting.pipe(
      z
        .enum(["true", "false"], { error: "OIDC_REQUIRE_VERIFIED_EMAIL must be true or false" })
        .default("true")
        .transform((v) => v === "true"),
    ),
  })
  .superRefine((value, ctx) => {
    // All or nothing: a half-configured identity provider would only fail at someone's first sign-in.
    const oidc = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
    const given = oidc.filter((name) => value[name]);
    if (given.length > 0 && given.length < oidc.length) {
      for (const name of oidc.filter((n) => !value[n])) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `${name} is required when ${given.join(" and ")} ${given.length === 1 ? "is" : "are"} set (OpenID Connect sign-in)`,
        });
      }
    }
  });

export const envSchema = baseEnvSchema.and(reminderEnvSchema).and(messageEnvSchema);

/** The identity provider's settings when OpenID Connect sign-in is configured, otherwise null. */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string;
  tokenAuthMethod: "client_secret_basic" | "client_secret_post";
  idTokenAlg?: string;
  requireVerifiedEmail: boolean;
};

export function oidcSettings(settings: Env): OidcSettings | null {
  if (!settings.OIDC_ISSUER || !settings.OIDC_CLIENT_ID || !settings.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: settings.OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET,
    name: settings.OIDC_NAME ?? "single sign-on",
    scopes: settings.OIDC_SCOPES,
    tokenAuthMethod: settings.OIDC_TOKEN_AUTH_METHOD,
    idTokenAlg: settings.OIDC_ID_TOKEN_ALG,
    requireVerifiedEmail: settings.OIDC_REQUIRE_VERIFIED_EMAIL,
  };
}

export type Env = z.output<typeof envSchema>;

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
