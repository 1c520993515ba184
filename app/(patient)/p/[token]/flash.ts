/** The failure an action left for the next page (actions.ts), read by the page; at most 30 seconds old. */
import { cookies, headers } from "next/headers";

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

/** Whether the patient's cookies must be Secure: served over HTTPS, directly or behind a proxy. */
export async function secureCookies(): Promise<boolean> {
  const forwarded = (await headers()).get("x-forwarded-proto");
  return forwarded === "https" || (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

/** Keeps an action's failure for the page the browser shows next (only our own messages; nothing the request sent). */
export async function rememberFailure(failure: PatientFailure): Promise<void> {
  const kept = { code: failure.code, message: failure.message, fieldErrors: failure.fieldErrors, details: failure.details };
  (await cookies()).set(PATIENT_FLASH_COOKIE, Buffer.from(JSON.stringify(kept)).toString("base64url"), {
    httpOnly: true,
    sameSite: "strict",
    secure: await secureCookies(),
    path: "/p/",
    maxAge: 30,
  });
}
