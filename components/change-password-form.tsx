"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { changePasswordSchema } from "@/lib/validation/account";
import { checkBeforeSending } from "./error-summary";

type Failure = { message: string; fieldErrors?: Record<string, string> };

const FIELDS = [
  ["currentPassword", "Current password", "current-password"],
  ["newPassword", "New password", "new-password"],
  ["confirmPassword", "New password again", "new-password"],
] as const;

const inputClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;

export function ChangePasswordForm({ action }: { action: (input: unknown) => Promise<ActionResult<{ otherSessionsEnded: number }>> }) {
  const [pending, start] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = failure?.fieldErrors ?? {};

  useEffect(() => {
    if (failure) summaryRef.current?.focus();
  }, [failure]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = Object.fromEntries(FIELDS.map(([name]) => [name, String(form.get(name) ?? "")]));
    setDone(null);
    const early = checkBeforeSending(changePasswordSchema, input);
    if (early) {
      setFailure(early);
      return;
    }
    start(async () => {
      const result = await action(input);
      if (!result.ok) {
        setFailure({ message: result.message, fieldErrors: result.fieldErrors });
        return;
      }
      setFailure(null);
      formElement.reset();
      const ended = result.data.otherSessionsEnded;
      setDone(
        `Your password is changed. ${ended === 0 ? "You had no other sessions open." : `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`}`,
      );
    });
  }

  const listed = FIELDS.filter(([name]) => errors[name]);

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4">
      {failure ? (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="password-error-title" className="border-4 border-nhs-red bg-white p-4">
          <h3 id="password-error-title" className="text-lg font-bold">
            There is a problem
          </h3>
          {listed.length === 0 ? <p className="mt-2">{failure.message}</p> : null}
          {listed.length > 0 ? (
            <ul className="mt-2 list-disc pl-6">
              {listed.map(([name]) => (
                <li key={name}>
                  <a href={`#${name}`} className="font-semibold text-nhs-red underline">
                    {errors[name]}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {FIELDS.map(([name, label, autoComplete]) => {
        const hint = name === "newPassword";
        const describedBy = [hint ? "newPassword-hint" : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
        return (
          <div key={name}>
            <label htmlFor={name} className="block font-semibold">
              {label}
            </label>
            {hint ? (
              <p id="newPassword-hint" className="text-slate-700">
                At least {PASSWORD_MIN_LENGTH} characters, not a common password and not your name or email. Three or four unrelated words work well.
              </p>
            ) : null}
            {errors[name] ? (
              <p id={`${name}-error`} className="mt-1 font-semibold text-nhs-red">
                <span className="sr-only">Error: </span>
                {errors[name]}
              </p>
            ) : null}
            <input
              id={name}
              name={name}
              type="password"
              autoComplete={autoComplete}
              aria-describedby={describedBy}
              aria-invalid={errors[name] ? true : undefined}
              className={inputClass(!!errors[name])}
            />
          </div>
        );
      })}
      <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Changing password…" : "Change password"}
      </button>
      <p role="status" className="font-semibold text-nhs-green">
        {done ?? ""}
      </p>
    </form>
  );
}
