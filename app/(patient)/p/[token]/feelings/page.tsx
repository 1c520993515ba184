import type { Metadata } from "next";
import { Phq4AtHomeForm } from "@/components/patient/phq4-at-home-form";
import { answerPhq4Action } from "../actions";
import { bookedVisit } from "../booked-visit";
import { readFailure } from "../flash";

export const metadata: Metadata = { title: "How you have been feeling" };

/** The PHQ-4 at home (optional): answered before the day, confirmed with the health buddy on the day. */
export default async function FeelingsPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { appointment } = await bookedVisit(token);
  const action = answerPhq4Action.bind(null, token) as unknown as (formData: FormData) => Promise<void>;
  return <Phq4AtHomeForm action={action} failure={await readFailure()} answeredAt={appointment.phq4AnsweredAt} backHref={`/p/${token}`} />;
}
