"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(
          result?.error === "UNAVAILABLE"
            ? "Sign-in is not available: the clinic database cannot be reached. Try again in a minute."
            : result?.error === "LOCKED"
              ? "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask the clinic lead to help."
              : "Email or password is incorrect",
        );
        setTimeout(() => errorRef.current?.focus(), 0);
        return;
      }
      router.replace("/");
      router.refresh();
    } catch {
      setError("Sign-in is not available right now. Try again in a minute.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {error ? (
        <div ref={errorRef} tabIndex={-1} role="alert" className="border-l-4 border-nhs-red bg-red-50 p-3 font-semibold text-nhs-red">
          {error}
        </div>
      ) : null}
      <div>
        <label htmlFor="email" className="block font-semibold">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2" />
      </div>
      <div>
        <label htmlFor="password" className="block font-semibold">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2" />
      </div>
      <button type="submit" disabled={pending} className="w-full rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
