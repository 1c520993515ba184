/** The time of the appointment a patient has just checked in for at the desk's code, kept for a minute. */
import { cookies } from "next/headers";

export const ARRIVED_COOKIE = "clinic_patient_arrived";

export async function readArrived(): Promise<string | null> {
  const value = (await cookies()).get(ARRIVED_COOKIE)?.value;
  return value && /^\d{2}:\d{2}$/.test(value) ? value : null;
}
