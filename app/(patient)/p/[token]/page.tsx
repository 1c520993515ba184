import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import { LINK_STATE_MESSAGES } from "@/lib/patient-links";
import { publicContext, requirePatientLink } from "@/lib/auth/patient-link";
import { openPatientLink } from "@/lib/services/patient-links/open-patient-link";
import { getPatientVisit } from "@/lib/services/patient-links/get-patient-visit";
import { AppointmentSummary, DobForm, LinkMessage, PatientErrorSummary, TimeChoice } from "@/components/patient/patient-forms";
import { bookTimeAction, cancelTimeAction, checkInAction, confirmDobAction, moveTimeAction } from "./actions";
import { readFailure } from "./flash";

export const metadata: Metadata = { title: "Your appointment" };

/**
 * A patient's link. Before the date of birth: only whether the link works, and the question. After it: their
 * appointment, or the free times to choose from. Nothing names the patient, the clinic type or a condition.
 */
export default async function PatientLinkPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ change?: string }>;
}) {
  const { token } = await params;
  const { state } = await openPatientLink(await publicContext(), token);
  if (state === "NOT_FOUND") notFound();
  if (state !== "OPEN") return <LinkMessage title="This link cannot be used" message={LINK_STATE_MESSAGES[state]} />;

  const failure = await readFailure();
  const ctx = await requirePatientLink(token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  });
  // Forms post to actions bound to this link's token (Next.js encrypts bound arguments).
  const act = <T,>(action: (token: string, input: FormData) => Promise<T>) =>
    action.bind(null, token) as unknown as (formData: FormData) => Promise<void>;
  if (!ctx) return <DobForm action={act(confirmDobAction)} failure={failure} />;

  const moving = (await searchParams).change === "1";
  const visit = await getPatientVisit(ctx, { moving });
  if (!visit.appointment) {
    return (
      <>
        <h1 className="text-2xl font-bold">Choose a time for your appointment</h1>
        <p className="mt-2">Appointments are in the morning. Choose the time that suits you.</p>
        <TimeChoice days={visit.days} action={act(bookTimeAction)} submitLabel="Book this time" failure={failure} />
      </>
    );
  }
  if (moving && visit.appointment.mayChange) {
    return (
      <>
        <h1 className="text-2xl font-bold">Choose a different time</h1>
        <p className="mt-2">
          Your appointment is now on {visit.appointment.dateLabel} at {visit.appointment.time}. It stays booked until you choose a new time.
        </p>
        <TimeChoice days={visit.days} action={act(moveTimeAction)} submitLabel="Change to this time" failure={failure} />
        <a href={`/p/${token}`} className="mt-6 block font-semibold text-nhs-blue underline">
          Keep my current time
        </a>
      </>
    );
  }
  return (
    <>
      <PatientErrorSummary failure={failure} />
      <AppointmentSummary
        appointment={visit.appointment}
        changeHref={`/p/${token}?change=1`}
        prepareHref={`/p/${token}/prepare`}
        feelingsHref={`/p/${token}/feelings`}
        cancelAction={act(cancelTimeAction)}
        checkInAction={act(checkInAction)}
      />
    </>
  );
}
