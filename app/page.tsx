import { redirect } from "next/navigation";
import { DatabaseUnavailable } from "@/components/database-unavailable";
import { homeFor } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/guard";
import { isDatabaseUnavailable } from "@/lib/errors/database";
import type { ServiceContext } from "@/lib/db/context";

/** Sends each member of staff to their role's home page. */
export default async function Home() {
  let ctx: ServiceContext;
  try {
    ctx = await requirePageActor();
  } catch (error) {
    // In production Next.js hides thrown messages from the error page, so say it here.
    if (isDatabaseUnavailable(error)) return <DatabaseUnavailable />;
    throw error;
  }
  redirect(homeFor(ctx.actor.roles));
}
