/**
 * The check-in code at the desk (docs/decisions/0016-patient-links.md, "Checking in at the desk"): a QR code for
 * one clinic day that patients scan with their own phone, then give their date of birth and the first letter of
 * their surname, as GP self check-in screens ask. No database, no Next: the service loads the day's appointments
 * and passes `now`.
 *
 * - The code is HMAC-SHA256 of a random 256-bit seed under the server's secret, so the desk can print the same
 *   code again while the database holds only the seed and the code's SHA-256: a copy of the database opens nothing.
 * - A check-in names exactly one patient or no one: if the date of birth and letter match more than one patient
 *   with an appointment that day (whatever its status or time), nobody is checked in and the patient is sent to
 *   the desk. Only then is the one match's own appointment looked at (booked, not yet routed, inside the window).
 */
import { createHmac } from "node:crypto";
import { dobMatches, selfCheckInProblem } from "./index";

/** The code printed at the desk for a seed: 256 bits, base64url (43 characters, shaped like a link's token). */
export function arrivalCode(secret: string, seed: string): string {
  if (secret.length < 32) throw new RangeError("The arrival code's secret must be at least 32 characters");
  return createHmac("sha256", secret).update(`clinic-day-arrival:${seed}`, "utf8").digest("base64url");
}

/** The first letter of a surname (or of what a patient typed) compared as letters: accents dropped, upper case; null if there is none. */
export function surnameInitial(familyName: string): string | null {
  const letter = /\p{L}/u.exec(familyName.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase());
  return letter ? letter[0] : null;
}

export type ArrivalCandidate = {
  appointmentId: string;
  patientId: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  familyName: string;
  /** Only a morning (wrap-around) appointment is checked in; the others count when deciding who matches. */
  morning: boolean;
  status: string;
  startsAt: Date;
  /** The patient was routed earlier that day (checked in, then undone): the desk puts their afternoon back. */
  routed: boolean;
};

export type ArrivalTyped = { day: number; month: number; year: number; initial: string };

export type ArrivalOutcome =
  | { kind: "CHECK_IN"; appointmentId: string; patientId: string; startsAt: Date }
  | { kind: "DESK"; reason: "NO_MATCH" | "SEVERAL" | "NOT_BOOKED" | "ROUTED" | "TOO_EARLY" | "TOO_LATE"; patientId?: string };

/** Who the typed date of birth and letter check in, from every appointment of the day, or why the desk must. */
export function matchArrival(candidates: readonly ArrivalCandidate[], typed: ArrivalTyped, now: Date): ArrivalOutcome {
  const initial = surnameInitial(typed.initial);
  if (!initial) return { kind: "DESK", reason: "NO_MATCH" };
  const matching = candidates.filter((c) => surnameInitial(c.familyName) === initial && dobMatches(typed, c.dateOfBirth));
  const patients = new Set(matching.map((c) => c.patientId));
  if (patients.size === 0) return { kind: "DESK", reason: "NO_MATCH" };
  if (patients.size > 1) return { kind: "DESK", reason: "SEVERAL" };
  const [patientId] = patients;
  const booked = matching.filter((c) => c.morning && c.status === "BOOKED");
  if (booked.length !== 1) return { kind: "DESK", reason: "NOT_BOOKED", patientId };
  const [appointment] = booked;
  if (appointment.routed) return { kind: "DESK", reason: "ROUTED", patientId };
  if (selfCheckInProblem(appointment.startsAt, now)) {
    return { kind: "DESK", reason: now < appointment.startsAt ? "TOO_EARLY" : "TOO_LATE", patientId };
  }
  return { kind: "CHECK_IN", appointmentId: appointment.appointmentId, patientId, startsAt: appointment.startsAt };
}

/** All the patient is told when the code cannot check them in: nothing about whether anyone matched. */
export const GO_TO_DESK = "We could not check you in. Please go to the reception desk.";
