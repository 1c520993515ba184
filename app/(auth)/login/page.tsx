import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnavailable } from "@/components/database-unavailable";
import { LoginForm } from "@/components/login-form";
import { currentActor } from "@/lib/auth/guard";
import { homeFor } from "@/lib/auth/permissions";
import { isDatabaseUnavailable } from "@/lib/errors/database";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
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
  return (
    <main id="main" className="mx-auto mt-16 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold uppercase tracking-wide text-nhs-blue">Clinic Day</p>
      <h1 className="mt-1 text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-slate-600">Use your clinic account. Sessions end after 30 minutes without activity.</p>
      <LoginForm />
    </main>
  );
}
