import { SiteHeader } from "@/components/site-header";
import { requirePageActor } from "@/lib/auth/guard";

export default async function ClinicLayout({ children }: { children: React.ReactNode }) {
  const { actor } = await requirePageActor();
  return (
    <>
      <SiteHeader name={actor.name} roles={actor.roles} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
