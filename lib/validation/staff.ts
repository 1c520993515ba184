/** Schemas of the staff list: a new member of staff, one member by id, and switching an account on or off. */
import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { text, uuidSchema } from "./common";

export const staffUserSchema = z.object({
  name: text("The name").trim().min(1, "Enter the name").max(120),
  email: z.string().trim().toLowerCase().email("Enter an email address like name@example.nhs.uk").max(320),
  roles: z.array(z.enum(ROLES)).min(1, "Give the member of staff at least one role"),
  password: z.string().min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort).max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong),
});

export const staffIdSchema = z.object({ staffId: uuidSchema });

export const setStaffActiveSchema = z.object({ staffId: uuidSchema, active: z.boolean() });
