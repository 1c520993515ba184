import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import { publicContext, requirePatientLink } from "@/lib/auth/patient-link";
import type { PatientLinkContext } from "@/lib/db/context";
import { openPatientLink } from "@/lib/services/patient-links/open-patient-link";
import { getPatientVisit, type PatientVisit } from "@/lib/services/patient-links/get-patient-visit";

/**
 * The link's booked visit for the pages that come before the day (preparing, the PHQ-4 at home): an unknown link is
 * not found; without the link's session, or without a booked appointment not yet checked in, back to the link's page.
 */
export async function bookedVisit(token: string): Promise<{ ctx: PatientLinkContext; appointment: NonNullable<PatientVisit["appointment"]> }> {
  const { state } = await openPatientLink(await publicContext(), token);
  if (state === "NOT_FOUND") notFound();
  const ctx = await requirePatientLink(token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  });
  if (!ctx) redirect(`/p/${token}`);
  const { appointment } = await getPatientVisit(ctx);
  if (!appointment || appointment.arrived) redirect(`/p/${token}`);
  return { ctx, appointment };
}
