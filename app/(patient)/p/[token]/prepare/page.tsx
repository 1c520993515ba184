import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import { publicContext, requirePatientLink } from "@/lib/auth/patient-link";
import { openPatientLink } from "@/lib/services/patient-links/open-patient-link";
import { getPatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import { PreparationForm } from "@/components/patient/preparation-form";
import { prepareAction } from "../actions";
import { readFailure } from "../flash";

export const metadata: Metadata = { title: "Prepare for your appointment" };

/** The preparation call's checklist as a page the patient reads and confirms; finishing it counts as the call. */
export default async function PreparePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { state } = await openPatientLink(await publicContext(), token);
  if (state === "NOT_FOUND") notFound();
  const ctx = await requirePatientLink(token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  });
  if (!ctx) redirect(`/p/${token}`);
  const visit = await getPatientVisit(ctx);
  if (!visit.appointment || visit.appointment.arrived) redirect(`/p/${token}`);
  const action = prepareAction.bind(null, token) as unknown as (formData: FormData) => Promise<void>;
  return <PreparationForm appointment={visit.appointment} action={action} failure={await readFailure()} backHref={`/p/${token}`} />;
}
