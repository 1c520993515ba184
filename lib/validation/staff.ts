/** Schemas of the staff list: a new member of staff, one member by id, and switching an account on or off. */
import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { MENTAL_HEALTH_SERVICES } from "@/lib/huddle/services";
import { optionalText, text, uuidSchema } from "./common";

export const staffUserSchema = z
  .object({
    name: text("The name").trim().min(1, "Enter the name").max(120),
    email: z.string().trim().toLowerCase().email("Enter an email address like name@example.nhs.uk").max(320),
    roles: z.array(z.enum(ROLES)).min(1, "Give the member of staff at least one role"),
    password: z.string().min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort).max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong),
    /** A mental health partner's service (and its name when "other"); no one else has one. */
    partnerService: z.enum(MENTAL_HEALTH_SERVICES, { error: "Choose the service the partner represents" }).optional(),
    partnerServiceName: optionalText(120, "The service's name"),
  })
  .superRefine((value, ctx) => {
    const partner = value.roles.includes("MENTAL_HEALTH_PARTNER");
    if (partner && !value.partnerService)
      ctx.addIssue({ code: "custom", path: ["partnerService"], message: "Choose the service the partner represents" });
    if (!partner && value.partnerService)
      ctx.addIssue({ code: "custom", path: ["partnerService"], message: "Only a mental health partner represents a service" });
    if (value.partnerService === "OTHER" && !value.partnerServiceName)
      ctx.addIssue({ code: "custom", path: ["partnerServiceName"], message: "Enter the name of the service" });
    if (value.partnerService !== "OTHER" && value.partnerServiceName)
      ctx.addIssue({ code: "custom", path: ["partnerServiceName"], message: "Name the service only when it is another service" });
  });

export const staffIdSchema = z.object({ staffId: uuidSchema });

export const setStaffActiveSchema = z.object({ staffId: uuidSchema, active: z.boolean() });
