import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnavailable } from "@/components/database-unavailable";
import { LoginForm } from "@/components/login-form";
import { currentActor } from "@/lib/auth/guard";
import { SIGN_IN_EMAIL_UNVERIFIED, SIGN_IN_NO_ACCOUNT, SIGN_IN_UNAVAILABLE } from "@/lib/auth/options";
import { homeFor } from "@/lib/auth/permissions";
import { env, oidcSettings } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors/database";

export const metadata: Metadata = { title: "Sign in" };

/** What to say when a sign-in through the identity provider comes back refused or broken (next-auth sends ?error=CODE). */
function identityProviderProblem(code: string | undefined, name: string): string | null {
  if (!code) return null;
  if (code === SIGN_IN_NO_ACCOUNT) {
    return `You signed in with ${name}, but there is no active Clinic Day account for that email address. Ask the clinic lead to add you with the same email address, or to reactivate your account.`;
  }
  if (code === SIGN_IN_EMAIL_UNVERIFIED) {
    return `${name} did not confirm your email address, so Clinic Day cannot match you to an account. Ask your IT service desk to check your email address.`;
  }
  if (code === SIGN_IN_UNAVAILABLE) return "Sign-in is not available: the clinic database cannot be reached. Try again in a minute.";
  return `Sign-in with ${name} did not complete. Try again, or sign in with your email and password.`;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  // A session cookie is checked against the database; while it cannot be reached, say so plainly
  // (Next.js hides thrown messages from the error page in production).
  let actor: Awaited<ReturnType<typeof currentActor>>;
  try {
    actor = await currentActor();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return <DatabaseUnavailable />;
    throw error;
  }
  if (actor) redirect(homeFor(actor.roles));
  const oidc = oidcSettings(env());
  const { error } = await searchParams;
  const problem = oidc ? identityProviderProblem(typeof error === "string" ? error : undefined, oidc.name) : null;
  return (
    <main id="main" className="mx-auto mt-16 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold uppercase tracking-wide text-nhs-blue">Clinic Day</p>
      <h1 className="mt-1 text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-slate-600">Use your clinic account. Sessions end after 30 minutes without activity.</p>
      <LoginForm identityProvider={oidc ? { name: oidc.name } : undefined} initialError={problem} />
    </main>
  );
}
