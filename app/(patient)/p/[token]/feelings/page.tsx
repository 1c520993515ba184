import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import { publicContext, requirePatientLink } from "@/lib/auth/patient-link";
import { openPatientLink } from "@/lib/services/patient-links/open-patient-link";
import { getPatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import { Phq4AtHomeForm } from "@/components/patient/phq4-at-home-form";
import { answerPhq4Action } from "../actions";
import { readFailure } from "../flash";

export const metadata: Metadata = { title: "How you have been feeling" };

/** The PHQ-4 at home (optional): answered before the day, confirmed with the health buddy on the day. */
export default async function FeelingsPage({ params }: { params: Promise<{ token: string }> }) {
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
  const action = answerPhq4Action.bind(null, token) as unknown as (formData: FormData) => Promise<void>;
  return <Phq4AtHomeForm action={action} failure={await readFailure()} answeredAt={visit.appointment.phq4AnsweredAt} backHref={`/p/${token}`} />;
}
