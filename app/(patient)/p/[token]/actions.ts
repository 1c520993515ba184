"use server";

/**
 * What a patient's link page posts. Each action checks the link itself (requirePatientLink, or the date-of-birth
 * check that opens it) and answers with an ActionResult like staff actions. The pages are plain forms that work
 * without JavaScript: a failure is also left in a short-lived cookie that the re-rendered page shows as its error
 * summary; a success redirects back to the link's page (post, redirect, get).
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { handleAction, type ActionResult } from "@/lib/auth/handle";
import { PATIENT_LINK_COOKIE, publicContext, requirePatientLink } from "@/lib/auth/patient-link";
import { formDataOf } from "@/lib/validation/parse";
import { AppError } from "@/lib/errors/app-error";
import { isTokenShaped } from "@/lib/patient-links";
import { verifyPatientDob } from "@/lib/services/patient-links/verify-patient-dob";
import { bookViaLink } from "@/lib/services/patient-links/book-via-link";
import { moveViaLink } from "@/lib/services/patient-links/move-via-link";
import { cancelViaLink } from "@/lib/services/patient-links/cancel-via-link";
import { prepareViaLink } from "@/lib/services/patient-links/prepare-via-link";
import { checkInViaLink } from "@/lib/services/patient-links/check-in-via-link";
import { answerPhq4ViaLink } from "@/lib/services/patient-links/answer-phq4-via-link";
import { PATIENT_FLASH_COOKIE, rememberFailure, secureCookies } from "./flash";

/** Keeps a failure for the page the browser shows next. */
async function remember<T>(token: unknown, result: ActionResult<T>): Promise<ActionResult<T>> {
  if (!result.ok && typeof token === "string") await rememberFailure(result);
  return result;
}

/** A call without a token shaped like one is no patient's: refused before anything is read or counted. */
function linkToken(token: unknown): string {
  if (!isTokenShaped(token)) throw new AppError("UNAUTHENTICATED", "Open the link from your invitation again.");
  return token;
}

async function done(token: string): Promise<never> {
  (await cookies()).delete({ name: PATIENT_FLASH_COOKIE, path: "/p/" });
  redirect(`/p/${token}`);
}

export async function confirmDobAction(token: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    linkToken(token);
    const fields = Object.fromEntries(formDataOf(input));
    const { sessionToken, expiresAt } = await verifyPatientDob(await publicContext(), token, fields);
    (await cookies()).set(PATIENT_LINK_COOKIE, sessionToken, {
      httpOnly: true,
      sameSite: "strict",
      secure: await secureCookies(),
      path: "/p/",
      expires: expiresAt,
    });
    return done(token);
  });
  return remember(token, result);
}

export async function bookTimeAction(token: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await bookViaLink(ctx, Object.fromEntries(formDataOf(input)));
    return done(token);
  });
  return remember(token, result);
}

export async function moveTimeAction(token: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await moveViaLink(ctx, Object.fromEntries(formDataOf(input)));
    return done(token);
  });
  return remember(token, result);
}

export async function cancelTimeAction(token: string, _input?: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await cancelViaLink(ctx);
    return done(token);
  });
  return remember(token, result);
}

export async function prepareAction(token: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await prepareViaLink(ctx, Object.fromEntries(formDataOf(input)));
    return done(token);
  });
  return remember(token, result);
}

/** The PHQ-4 answered at home (optional); the health buddy confirms it on the day. */
export async function answerPhq4Action(token: string, input: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await answerPhq4ViaLink(ctx, Object.fromEntries(formDataOf(input)));
    return done(token);
  });
  return remember(token, result);
}

export async function checkInAction(token: string, _input?: unknown): Promise<ActionResult<never>> {
  const result = await handleAction(async () => {
    const ctx = await requirePatientLink(token);
    await checkInViaLink(ctx);
    return done(token);
  });
  return remember(token, result);
}
