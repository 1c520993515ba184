/** Assertions for the typed errors services throw. */
import { expect } from "vitest";
import { AppError } from "@/lib/errors/app-error";

/** The AppError a promise rejects with (the test fails if it resolves or rejects otherwise). */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** As appErrorOf, and the error has this code. */
export async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await appErrorOf(promise);
  expect(error.code).toBe(code);
  return error;
}
