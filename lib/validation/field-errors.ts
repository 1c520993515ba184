import type { z } from "zod";

/**
 * Turns a zod error into field → first message, for forms. Kept apart from the schemas (it needs only zod's types),
 * so a form can show field errors without zod being part of its page's first load.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
