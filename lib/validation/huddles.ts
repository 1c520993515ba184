/** Schemas of the PCN's referral huddle: scheduling, bringing a case, attendance, a decision, roll-over. */
import { z } from "zod";
import { HUDDLE_DESTINATIONS } from "@/lib/huddle/services";
import { REFERRAL_PATHWAYS } from "@/lib/triage";
import { isoDateSchema, optionalText, requiredText, uuidSchema, wallTimeSchema } from "./common";

export const scheduleHuddleSchema = z.object({
  date: isoDateSchema,
  time: wallTimeSchema,
  durationMinutes: z.coerce
    .number({ error: "Enter the huddle's length in minutes" })
    .int("Enter whole minutes")
    .min(5, "A huddle lasts at least 5 minutes")
    .max(120, "A huddle lasts at most 120 minutes")
    .default(20),
  attendeeIds: z.array(uuidSchema).min(1, "Choose who attends the huddle").max(30, "At most 30 people attend a huddle"),
});

export const bringCaseSchema = z.object({
  patientId: uuidSchema,
  question: requiredText(1000, "The question", "Enter the question for the huddle"),
  /** The huddle to bring it to; the PCN's next open huddle when not given. */
  huddleId: uuidSchema.optional(),
});

export const getHuddleSchema = z.object({
  /** A particular huddle; today's huddle of the PCN when not given. */
  huddleId: uuidSchema.optional(),
});

export const recordAttendanceSchema = z.object({
  huddleId: uuidSchema,
  attendance: z.array(z.object({ staffId: uuidSchema, present: z.boolean({ error: "Say whether they are present" }) })).min(1, "Tick who is present"),
});

export const decideCaseSchema = z
  .object({
    caseId: uuidSchema,
    destination: z.enum(HUDDLE_DESTINATIONS, { error: "Choose the decision" }),
    reason: requiredText(2000, "The reason", "Enter the reason for the decision"),
    pathway: z.enum(REFERRAL_PATHWAYS, { error: "Choose step 2, step 3 or the long-term-conditions pathway" }).optional(),
    serviceName: optionalText(200, "The service's name"),
    /** Who accepted for the service at the huddle (required for Talking Therapies). */
    acceptedById: uuidSchema.optional(),
    whatIsNeeded: optionalText(1000, "What is needed"),
    /** Who follows the referral until it is accepted; the GP who brought the case when not given. */
    ownerId: uuidSchema.optional(),
    /** When it should be accepted by; a week after the huddle when not given. */
    acceptBy: isoDateSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const tt = value.destination === "TALKING_THERAPIES";
    if (tt && !value.pathway) problem("pathway", "Choose step 2, step 3 or the long-term-conditions pathway");
    if (!tt && value.pathway) problem("pathway", "A step or pathway is only for Talking Therapies");
    if (tt && !value.acceptedById) problem("acceptedById", "Choose who accepted for Talking Therapies");
    if (value.destination === "OTHER_SERVICE" && !value.serviceName) problem("serviceName", "Enter the name of the service");
    if (value.destination !== "OTHER_SERVICE" && value.serviceName) problem("serviceName", "Name a service only when it is another service");
    if (value.destination === "DEFERRED" && !value.whatIsNeeded) problem("whatIsNeeded", "Say what is needed before the next huddle");
    if (value.destination !== "DEFERRED" && value.whatIsNeeded) problem("whatIsNeeded", "Say what is needed only when deferring");
    const referral = tt || ["CMHT", "SECONDARY_CARE_PSYCHOTHERAPY", "STEP_4_INTERFACE", "PERINATAL", "OTHER_SERVICE"].includes(value.destination);
    if (!referral && (value.acceptedById || value.ownerId || value.acceptBy))
      problem("destination", "Only a referral has someone who accepted it, an owner or an accept-by date");
  });

export const rollOverCasesSchema = z.object({ huddleId: uuidSchema });

export const listHuddleReferralsSchema = z.object({
  /** Only those still waiting to be accepted past their accept-by date. */
  overdueOnly: z.boolean().default(false),
});

export const setHuddleAttendeesSchema = z.object({
  huddleId: uuidSchema,
  attendeeIds: z.array(uuidSchema).min(1, "Choose who attends the huddle").max(30, "At most 30 people attend a huddle"),
});
