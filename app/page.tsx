import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/guard";

/** Sends each member of staff to their role's home page. */
export default async function Home() {
  const { actor } = await requirePageActor();
  redirect(homeFor(actor.roles));
}
