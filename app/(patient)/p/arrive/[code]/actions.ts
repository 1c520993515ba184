"use server";

/**
 * What the desk's check-in code page posts: a plain form (works without JavaScript). A failure is left in the
 * short-lived flash cookie the re-rendered page shows as its error summary; a check-in leaves only the
 * appointment's time in a cookie for the page to say so, then redirects back to it (post, redirect, get).
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { handleAction, type ActionResult } from "@/lib/auth/handle";
import { publicContext } from "@/lib/auth/patient-link";
import { AppError } from "@/lib/errors/app-error";
import { isTokenShaped } from "@/lib/patient-links";
import { formDataOf } from "@/lib/validation/parse";
import { checkInWithArrivalCode } from "@/lib/services/patient-links/check-in-with-arrival-code";
import { PATIENT_FLASH_COOKIE, rememberFailure, secureCookies } from "../../[token]/flash";
import { ARRIVED_COOKIE } from "./arrived";

export async function arriveAction(code: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    // A call without a code shaped like one is no desk's: refused before anything is read or counted.
    if (!isTokenShaped(code)) throw new AppError("UNAUTHENTICATED", "Scan the code at the reception desk again.");
    const { time } = await checkInWithArrivalCode(await publicContext(), code, Object.fromEntries(formDataOf(input)));
    const jar = await cookies();
    jar.delete({ name: PATIENT_FLASH_COOKIE, path: "/p/" });
    jar.set(ARRIVED_COOKIE, time, { httpOnly: true, sameSite: "strict", secure: await secureCookies(), path: "/p/arrive/", maxAge: 60 });
    redirect(`/p/arrive/${code}`);
  });
  if (!result.ok && isTokenShaped(code)) await rememberFailure(result);
  return result;
}
