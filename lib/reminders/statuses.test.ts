import { describe, expect, it } from "vitest";
import { ReminderStatus } from "@/lib/db/generated/enums";
import { REMINDER_STATUSES } from "./statuses";

describe("REMINDER_STATUSES", () => {
  it("lists every outbox status the schema has", () => {
    expect([...REMINDER_STATUSES].sort()).toEqual(Object.values(ReminderStatus).sort());
  });
});
