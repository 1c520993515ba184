"use server";

import { redirect } from "next/navigation";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { formDataOf } from "@/lib/validation/parse";
import { makeArrivalCode } from "@/lib/services/clinic-days/make-arrival-code";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Makes or replaces a clinic day's desk check-in code: a plain form post (works without JavaScript), back to the
 * code's page with what happened. The guard comes before anything the request sent is read; a refusal, or a call
 * that is not the page's own form (which always names its clinic day), is answered as every action answers.
 */
export async function makeArrivalCodeAction(input: unknown) {
  let clinicDayId = "";
  const result = await handleAction(async () => {
    const ctx = await requirePermission("appointment:arrive");
    clinicDayId = String(formDataOf(input).get("clinicDayId") ?? "");
    await makeArrivalCode(ctx, { clinicDayId }, { secret: env().NEXTAUTH_SECRET });
  });
  const fromPage = input instanceof FormData && UUID.test(clinicDayId);
  if (!result.ok && (!fromPage || result.code === "UNAUTHENTICATED" || result.code === "FORBIDDEN")) return result;
  redirect(`/clinic-days/${clinicDayId}/check-in-code${result.ok ? "" : "?failed=1"}`);
}
