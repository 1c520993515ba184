import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";

// Only the length is checked here: the common-password rule (lib/auth/password-policy)
// needs a large dictionary, so it runs on the server alone.
export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(1024),
    newPassword: z
      .string({ error: "Enter a new password" })
      .min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort)
      .max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong),
    confirmPassword: z.string({ error: "Type the new password again" }).min(1, "Type the new password again"),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match",
  });

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
