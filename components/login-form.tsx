"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** Must match OIDC_PROVIDER_ID in lib/auth/options (not imported: that module is server-only). */
const IDENTITY_PROVIDER_ID = "oidc";

export function LoginForm({ identityProvider, initialError = null }: { identityProvider?: { name: string }; initialError?: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  // A refusal from the identity provider arrives with the page: read it out first.
  useEffect(() => {
    if (initialError) errorRef.current?.focus();
  }, [initialError]);

  async function signInWithIdentityProvider() {
    setLeaving(true);
    setError(null);
    try {
      // Goes on to the identity provider's page; next-auth brings the person back to "/" and their home page.
      await signIn(IDENTITY_PROVIDER_ID, { callbackUrl: "/" });
    } catch {
      setLeaving(false);
      setError("Sign-in is not available right now. Try again in a minute.");
    }
  }

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
              : result?.error === "SLOWED"
                ? "Too many failed sign-ins from this network. Wait 30 seconds and try again."
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
    <>
      {error ? (
        <div ref={errorRef} tabIndex={-1} role="alert" className="mt-6 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold text-nhs-red">
          {error}
        </div>
      ) : null}
      {identityProvider ? (
        <div className="mt-6">
          <button
            type="button"
            onClick={signInWithIdentityProvider}
            disabled={leaving}
            className="w-full rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
          >
            {leaving ? `Going to ${identityProvider.name}…` : `Sign in with ${identityProvider.name}`}
          </button>
          <p className="mt-6 border-t border-slate-200 pt-4 text-slate-600">Or use your Clinic Day email and password:</p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
        <div>
          <label htmlFor="email" className="block font-semibold">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="password" className="block font-semibold">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded bg-nhs-green px-4 py-2 font-semibold text-white hover:bg-green-800 disabled:opacity-60"
        >
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </>
  );
}
