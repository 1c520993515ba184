"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import type { z } from "zod";
import type { ActionResult } from "@/lib/auth/handle";
import { fieldErrorsOf } from "@/lib/validation/field-errors";

/** What a form shows when an action (or the check before sending) fails. */
export type FormFailure = Pick<Extract<ActionResult<never>, { ok: false }>, "message" | "fieldErrors" | "details"> & { code?: string };

/**
 * Where a form finds the schema the server uses: a function that imports its module, for example
 * `() => import("@/lib/validation/staff").then((m) => m.staffUserSchema)`. The schemas (and zod with them) are then
 * fetched when a form is first checked, not as part of every page's first load; the browser keeps the module once
 * fetched. The server validates everything again whatever the browser did.
 */
export type SchemaLoader = () => Promise<z.ZodType>;

/** The same schema the server uses, run first in the browser so simple mistakes are named at once. */
export async function checkBeforeSending(
  loadSchema: SchemaLoader,
  payload: unknown,
): Promise<{ message: string; fieldErrors: Record<string, string> } | null> {
  // A schema that cannot be fetched (the network dropped) leaves the check to the server, which always makes it.
  const schema = await loadSchema().catch(() => null);
  if (!schema) return null;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return null;
  const fieldErrors = fieldErrorsOf(parsed.error);
  return { message: Object.values(fieldErrors)[0] ?? "Check the form and try again", fieldErrors };
}

/**
 * The state every form keeps around a server action: pending, the failure
 * (shown by `ErrorSummary`, which takes focus) and what was saved (a status
 * message that takes focus through `savedRef`, where the form has one).
 */
export function useActionForm<Saved = string>() {
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  // True while the schema is fetched and run, so the form shows it is busy and is not sent twice.
  const [checking, setChecking] = useState(false);
  // A <p> or a <div>: the two element types have the same shape.
  const savedRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (saved !== null) savedRef.current?.focus();
  }, [saved]);

  function fail(problem: FormFailure) {
    setSaved(null);
    setFailure({ ...problem, fieldErrors: problem.fieldErrors ?? {} });
  }

  /** Checks the payload with the server's schema; shows the problem and answers false when there is one. */
  async function check(loadSchema: SchemaLoader, payload: unknown): Promise<boolean> {
    setChecking(true);
    try {
      const problem = await checkBeforeSending(loadSchema, payload);
      if (problem) fail(problem);
      return !problem;
    } finally {
      setChecking(false);
    }
  }

  /** Runs the action; on success clears the failure and hands over the data, on failure shows it. */
  function run<T>(call: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void, onFailure?: () => void) {
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        setFailure(null);
        onSuccess?.(result.data);
      } else {
        onFailure?.();
        fail(result);
      }
    });
  }

  /** Forgets the failure (for example when the form it belongs to closes). */
  const clear = () => setFailure(null);

  return { pending: pending || checking, failure, errors: failure?.fieldErrors ?? {}, saved, setSaved, savedRef, fail, check, run, clear };
}
