/** The three sessions of a clinic day and the words staff see for them. Pure: no I/O. */
import type { SessionKind } from "@/lib/db/generated/enums";

export const SESSION_KIND_LABELS = {
  WRAP_AROUND: "Morning wrap-around",
  TALKING_THERAPIES: "Talking Therapies",
  GP: "GP",
} as const satisfies Record<SessionKind, string>;

export type AfternoonKind = Exclude<SessionKind, "WRAP_AROUND">;

/** The afternoon's two appointments, in the order the day runs them. */
export const AFTERNOON_KINDS = ["TALKING_THERAPIES", "GP"] as const satisfies readonly AfternoonKind[];

export const AFTERNOON_KIND_LABELS: Record<AfternoonKind, string> = {
  TALKING_THERAPIES: SESSION_KIND_LABELS.TALKING_THERAPIES,
  GP: SESSION_KIND_LABELS.GP,
};

/** A session kind's label, for values read from the database as plain strings. */
export function sessionKindLabel(kind: string): string {
  return (SESSION_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
