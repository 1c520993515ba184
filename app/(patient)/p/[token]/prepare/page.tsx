import type { Metadata } from "next";
import { PreparationForm } from "@/components/patient/preparation-form";
import { prepareAction } from "../actions";
import { bookedVisit } from "../booked-visit";
import { readFailure } from "../flash";

export const metadata: Metadata = { title: "Prepare for your appointment" };

/** The preparation call's checklist as a page the patient reads and confirms; finishing it counts as the call. */
export default async function PreparePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { appointment } = await bookedVisit(token);
  const action = prepareAction.bind(null, token) as unknown as (formData: FormData) => Promise<void>;
  return <PreparationForm appointment={appointment} action={action} failure={await readFailure()} backHref={`/p/${token}`} />;
}
