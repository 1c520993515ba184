import { templateSessionsSchema, type TemplateSession } from "@/lib/validation/clinic-day";

/** A template's stored sessions; a row that no longer parses reads as none. */
export function sessionsOf(json: unknown): TemplateSession[] {
  const parsed = templateSessionsSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}
