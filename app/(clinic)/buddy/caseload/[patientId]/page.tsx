import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CarePlanDocument } from "@/components/care-plan-view";
import { ukDate } from "@/components/dates";
import { FollowUpForm } from "@/components/follow-up-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import { getCaseloadPatient } from "@/lib/services/key-workers/get-caseload-patient";
import { CONTACT_METHOD_LABELS } from "@/lib/care-plan/contact-methods";
import { recordFollowUpContactAction } from "../../actions";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Key-worker contacts" };

/** One patient on the key worker's caseload: their plan, the contacts so far, and the form to log the next. */
export default async function CaseloadPatientPage({ params }: { params: Promise<{ patientId: string }> }) {
  const ctx = await requirePagePermission("follow-up:record");
  const { patientId } = await params;
  let data: Awaited<ReturnType<typeof getCaseloadPatient>>;
  try {
    data = await getCaseloadPatient(ctx, { patientId });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { plan, content, reviewClinicDayDate, followUp, contacts, today } = data;
  const name = `${plan.patient.givenName} ${plan.patient.familyName}`;
  return (
    <>
      <PageHeader back="/buddy/caseload" backLabel="Back to your caseload" title={name} />
      <p className="mt-1">
        NHS number {formatNhsNumber(plan.patient.nhsNumber)}
        {plan.patient.phone ? `, phone ${plan.patient.phone}` : ""}
        {plan.patient.interpreterNeeded ? `, interpreter needed (${plan.patient.preferredLanguage})` : ""}.
      </p>
      <p
        className={`mt-3 border-l-4 p-3 font-semibold ${followUp.overdue ? "border-nhs-red bg-red-50" : "border-nhs-blue bg-blue-50"}`}
        role="status"
      >
        {followUp.state === "done"
          ? "The review has happened: no more contacts are due under this plan."
          : followUp.overdue
            ? `Next contact overdue: it was due on ${ukDate(followUp.due)}.`
            : `Next contact due on ${ukDate(followUp.due)}.`}
      </p>

      <section aria-labelledby="plan-heading" className="mt-6">
        <h2 id="plan-heading" className="text-xl font-bold">
          Care plan (version {plan.version})
        </h2>
        <p>
          <Link href={`/gp/patients/${patientId}/care-plan/print`} className="text-nhs-blue underline">
            Print the patient’s copy
          </Link>
        </p>
        <div className="mt-2">
          <CarePlanDocument
            plan={{
              ...content,
              version: plan.version,
              status: plan.status,
              keyWorkerName: ctx.actor.name,
              reviewClinicDayDate,
              finalisedAt: plan.finalisedAt,
              finalisedByName: plan.finalisedBy?.name ?? null,
            }}
          />
        </div>
      </section>

      <section aria-labelledby="contacts-heading" className="mt-6">
        <h2 id="contacts-heading" className="text-xl font-bold">
          Contacts
        </h2>
        {contacts.length === 0 ? (
          <p className="mt-1 text-slate-700">No contacts yet.</p>
        ) : (
          <ol className="mt-2 max-w-3xl space-y-2">
            {contacts.map((c) => (
              <li key={c.id} className="rounded border border-slate-300 bg-white p-3">
                <p className="font-semibold">
                  {CONTACT_METHOD_LABELS[c.method]}, {formatLondon(c.contactedAt, "d MMMM yyyy, HH:mm")}, by {c.keyWorkerName}
                </p>
                {c.notes ? <p className="whitespace-pre-line">{c.notes}</p> : null}
                <p className="text-slate-700">Next contact: {c.nextContactDue ? ukDate(c.nextContactDue) : "the review"}</p>
              </li>
            ))}
          </ol>
        )}
        <h3 className="mt-4 text-lg font-bold">Record a contact</h3>
        <FollowUpForm
          patientId={patientId}
          patientName={name}
          today={today}
          nowTime={formatLondon(new Date(), "HH:mm")}
          action={recordFollowUpContactAction}
        />
      </section>
    </>
  );
}
