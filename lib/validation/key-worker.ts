/**
 * The key-worker handover forms' schemas, shared by the forms and the actions:
 * handing one patient to another key worker (the clinic lead's caseload
 * overview), and handing all of a leaver's patients over before deactivating
 * their account (the staff page).
 */
import { z } from "zod";
import { text, uuidSchema } from "./common";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const HANDOVER_REASON_MAX = 500;

export const handoverReasonSchema = text("The reason", { error: "Give the reason for the handover" })
  .trim()
  .min(3, "Give the reason for the handover (at least 3 characters)")
  .max(HANDOVER_REASON_MAX, `Keep the reason to ${HANDOVER_REASON_MAX} characters`);

const newKeyWorkerSchema = z.uuid("Choose the new key worker");

export const handOverPatientSchema = z.object({
  patientId: uuidSchema,
  toKeyWorkerId: newKeyWorkerSchema,
  reason: handoverReasonSchema,
});

export type HandOverPatientInput = z.input<typeof handOverPatientSchema>;

export const deactivateWithHandoverSchema = z.object({
  staffId: uuidSchema,
  /** The new key worker for every patient not given one of their own. */
  toKeyWorkerId: z.preprocess(blankToUndefined, newKeyWorkerSchema.optional()),
  /** A different new key worker for particular patients. */
  assignments: z
    .array(z.object({ patientId: uuidSchema, toKeyWorkerId: newKeyWorkerSchema }))
    .max(1000, "Too many patients at once")
    .default([]),
  reason: handoverReasonSchema,
});

export type DeactivateWithHandoverInput = z.input<typeof deactivateWithHandoverSchema>;
