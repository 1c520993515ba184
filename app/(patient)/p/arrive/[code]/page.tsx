import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { publicContext } from "@/lib/auth/patient-link";
import { CODE_NOT_IN_USE } from "@/lib/services/patient-links/check-in-with-arrival-code";
import { openArrivalCode } from "@/lib/services/patient-links/open-arrival-code";
import { LinkMessage } from "@/components/patient/patient-forms";
import { ArrivalForm, ArrivedMessage } from "@/components/patient/arrival-form";
import { readFailure } from "../../[token]/flash";
import { arriveAction } from "./actions";
import { readArrived } from "./arrived";

export const metadata: Metadata = { title: "Check in" };

/**
 * The page the desk's QR code opens on the patient's own phone: date of birth and the first letter of the surname,
 * then "you are checked in for your 09:40 appointment", or "please go to the desk". Nothing names anyone.
 */
export default async function ArrivalPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ another?: string }>;
}) {
  const { code } = await params;
  const { state } = await openArrivalCode(await publicContext(), code);
  if (state === "NOT_FOUND") notFound();
  // Someone checking in a second person on the same phone asks for the form again.
  const arrived = (await searchParams).another === "1" ? null : await readArrived();
  if (arrived) return <ArrivedMessage time={arrived} anotherHref={`/p/arrive/${code}?another=1`} />;
  if (state !== "OPEN") return <LinkMessage title="This code cannot be used" message={CODE_NOT_IN_USE} />;
  // The form posts to the action bound to this code (Next.js encrypts bound arguments).
  const action = arriveAction.bind(null, code) as unknown as (formData: FormData) => Promise<void>;
  return <ArrivalForm action={action} failure={await readFailure()} />;
}
