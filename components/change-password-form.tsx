"use client";

import type { ActionResult } from "@/lib/auth/handle";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { ErrorSummary } from "./error-summary";
import { fieldErrors, inputClass } from "./forms/field";
import { useActionForm, type SchemaLoader } from "./forms/use-action-form";

// The server's schema, fetched when the form is first checked (see SchemaLoader).
const loadChangePasswordSchema: SchemaLoader = () => import("@/lib/validation/account").then((m) => m.changePasswordSchema);

const FIELDS = [
  ["currentPassword", "Current password", "current-password"],
  ["newPassword", "New password", "new-password"],
  ["confirmPassword", "New password again", "new-password"],
] as const;

export function ChangePasswordForm({ action }: { action: (input: unknown) => Promise<ActionResult<{ otherSessionsEnded: number }>> }) {
  const { pending, failure, errors, saved: done, setSaved: setDone, check, run } = useActionForm();
  const field = fieldErrors(errors, (name) => name);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = Object.fromEntries(FIELDS.map(([name]) => [name, String(form.get(name) ?? "")]));
    setDone(null);
    if (!(await check(loadChangePasswordSchema, input))) return;
    run(
      () => action(input),
      ({ otherSessionsEnded: ended }) => {
        formElement.reset();
        setDone(
          `Your password is changed. ${ended === 0 ? "You had no other sessions open." : `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`}`,
        );
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4">
      <ErrorSummary
        failure={failure}
        heading="h3"
        fieldId={(name) => (FIELDS.some(([field]) => field === name) ? name : null)}
        order={FIELDS.map(([name]) => name)}
      />
      {FIELDS.map(([name, label, autoComplete]) => {
        const hint = name === "newPassword";
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
            {field.error(name)}
            <input
              id={name}
              name={name}
              type="password"
              autoComplete={autoComplete}
              {...field.aria(name, hint && "newPassword-hint")}
              className={inputClass(field.invalid(name))}
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
