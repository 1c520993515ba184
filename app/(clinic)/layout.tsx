import { DatabaseUnavailable } from "@/components/database-unavailable";
import { SiteHeader } from "@/components/site-header";
import { requirePageActor } from "@/lib/auth/guard";
import { isDatabaseUnavailable } from "@/lib/errors/database";
import type { ServiceContext } from "@/lib/db/context";

export default async function ClinicLayout({ children }: { children: React.ReactNode }) {
  let ctx: ServiceContext;
  try {
    ctx = await requirePageActor();
  } catch (error) {
    // In production Next.js hides thrown messages from the error page, so say it here.
    if (isDatabaseUnavailable(error)) return <DatabaseUnavailable />;
    throw error;
  }
  return (
    <>
      <SiteHeader name={ctx.actor.name} roles={ctx.actor.roles} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
