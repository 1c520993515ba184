import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { fieldErrorsOf } from "./common";

/** Validates input on the server; bad input becomes a VALIDATION AppError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsOf(parsed.error);
  const first = Object.values(fieldErrors)[0] ?? "Check the form and try again";
  throw new AppError("VALIDATION", first, { fieldErrors });
}

/**
 * A form post's fields. Server actions bound to forms receive FormData, but
 * anyone can call them with any payload; anything else is refused as bad
 * input rather than failing inside the action.
 */
export function formDataOf(input: unknown): FormData {
  if (input instanceof FormData) return input;
  throw new AppError("VALIDATION", "Send the form's fields");
}
