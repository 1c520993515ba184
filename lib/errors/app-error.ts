/**
 * Errors meant for the person at the screen. Anything else is logged and shown
 * as a generic message with a reference (see lib/errors/report.ts).
 */
export type AppErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "VALIDATION" | "CONFLICT" | "RATE_LIMITED" | "TOO_LARGE" | "UNAVAILABLE";

const STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field → message, for forms. */
  readonly fieldErrors?: Record<string, string>;
  /** Anything the screen can use to help (for example the next free slots). */
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, extra: { fieldErrors?: Record<string, string>; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.details = extra.details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
