/**
 * How server actions and route handlers turn outcomes into answers: typed
 * AppErrors become messages people can act on; anything else is logged with a
 * reference and answered generically, never with a stack trace.
 */
import { randomUUID } from "node:crypto";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import { isDatabaseUnavailable } from "@/lib/errors/database";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: AppErrorCode | "ERROR";
      message: string;
      fieldErrors?: Record<string, string>;
      details?: Record<string, unknown>;
    };

function toFailure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors, details: error.details };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ok: false,
      code: "UNAVAILABLE",
      message: "The clinic database is temporarily unavailable. Nothing was saved; try again in a minute.",
    };
  }
  const reference = randomUUID().slice(0, 8);
  console.error(`[error ${reference}]`, error);
  return { ok: false, code: "ERROR", message: `Something went wrong and nothing was saved. Reference ${reference}.` };
}

/** Wraps a server action's body (which starts with requirePermission). */
export async function handleAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    // next/navigation's redirect() works by throwing; let it through.
    if (isNextControlFlow(error)) throw error;
    return toFailure(error);
  }
}

/** Wraps a route handler's body (which starts with requirePermission). */
export async function handleRoute(body: () => Promise<Response>): Promise<Response> {
  try {
    return await body();
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
    const failure = toFailure(error);
    const status = error instanceof AppError ? error.status : failure.code === "UNAVAILABLE" ? 503 : 500;
    return Response.json({ error: { code: failure.code, message: failure.message, fieldErrors: failure.fieldErrors } }, { status });
  }
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest === "NEXT_NOT_FOUND" || digest.startsWith("NEXT_HTTP_ERROR"));
}
