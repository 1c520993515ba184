/** The failure an action left for the next page (actions.ts), read by the page; at most 30 seconds old. */
import { cookies } from "next/headers";

export const PATIENT_FLASH_COOKIE = "clinic_patient_flash";

export type PatientFailure = { code: string; message: string; fieldErrors?: Record<string, string>; details?: Record<string, unknown> };

export async function readFailure(): Promise<PatientFailure | null> {
  const raw = (await cookies()).get(PATIENT_FLASH_COOKIE)?.value;
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as PatientFailure;
    return typeof value?.message === "string" ? value : null;
  } catch {
    return null;
  }
}
