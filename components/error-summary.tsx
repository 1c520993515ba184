"use client";

import { useEffect, useRef } from "react";
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/validation/common";

/** The server's message, verbatim, with any further field messages; focused so screen readers hear it. */
export function ErrorSummary({ message, fieldErrors }: { message: string | null; fieldErrors?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  const more = [...new Set(Object.values(fieldErrors ?? {}))].filter((m) => m !== message);
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="mt-4 border-l-4 border-nhs-red bg-red-50 p-3">
      <p className="font-semibold text-nhs-red">{message}</p>
      {more.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-nhs-red">
          {more.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export type ActionFailure = { ok: false; message: string; fieldErrors?: Record<string, string> };
export type ActionOutcome<T> = { ok: true; data: T } | ActionFailure;

/** The same schema the server uses, run first in the browser so simple mistakes are named at once. */
export function checkBeforeSending(schema: z.ZodType, payload: unknown): { message: string; fieldErrors: Record<string, string> } | null {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return null;
  const fieldErrors = fieldErrorsOf(parsed.error);
  return { message: Object.values(fieldErrors)[0] ?? "Check the form and try again", fieldErrors };
}
