import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ukDate } from "@/components/dates";
import { PrintButton } from "@/components/print-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import { getCarePlan } from "@/lib/services/care-plans/get-care-plan";

export const metadata: Metadata = { title: "Care plan (patient copy)" };

const WHO_KIND: Record<string, string> = {
  MEDICAL: "Your health",
  SOCIAL: "Everyday life and people around you",
  MENTAL_HEALTH: "How you feel",
  SELF_MANAGEMENT: "Looking after yourself",
};

/** The patient's own copy of their care plan, in plain words, on one or two A4 pages. */
export default async function PrintCarePlanPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("care-plan:view");
  const { id } = await params;
  let data: Awaited<ReturnType<typeof getCarePlan>>;
  try {
    data = await getCarePlan(ctx, { patientId: id });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { patient, plan } = data;
  const accepted = plan.recommendations.filter((r) => r.accepted === true);
  const back = hasPermission(ctx.actor.roles, "care-plan:write") ? `/gp/patients/${patient.id}` : `/buddy/caseload/${patient.id}`;
  return (
    <article className="max-w-3xl text-lg leading-relaxed print:text-[11pt] print:leading-snug">
      <style>{"@page { size: A4 portrait; margin: 15mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-4">
        <Link href={back} className="text-nhs-blue underline">
          Back
        </Link>
        <PrintButton label="Print care plan" />
      </div>
      {plan.status === "DRAFT" ? (
        <p className="mb-3 border-4 border-nhs-red p-2 font-bold">Draft: this plan is not final yet and may change.</p>
      ) : null}
      <h1 className="text-3xl font-bold print:text-[18pt]">Your care and support plan</h1>
      <p className="mt-1">
        For <strong>{patient.name}</strong>, born {ukDate(patient.dateOfBirth)}, NHS number {formatNhsNumber(patient.nhsNumber)}.{" "}
        {patient.practiceName}.
      </p>

      <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">What matters to you</h2>
      <p className="whitespace-pre-line">{plan.whatMatters ?? "We have not written this down yet."}</p>

      {plan.goals ? (
        <>
          <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">Your goals</h2>
          <p className="whitespace-pre-line">{plan.goals}</p>
        </>
      ) : null}

      {plan.actions.length > 0 ? (
        <>
          <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">What we agreed to do</h2>
          <ul className="mt-1 space-y-2">
            {plan.actions.map((a, i) => (
              <li key={i} className="break-inside-avoid border-l-4 border-nhs-blue pl-3">
                <span className="block text-base text-slate-700 print:text-[10pt]">{WHO_KIND[a.kind]}</span>
                {a.description}. <strong>Who:</strong> {a.who}. <strong>By:</strong> {ukDate(a.byWhen, "EEEE d MMMM yyyy")}.
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {accepted.length > 0 ? (
        <>
          <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">Support for how you feel</h2>
          <p>You talked with the Talking Therapies team. Together we agreed:</p>
          <ul className="mt-1 list-disc pl-6">
            {accepted.map((r) => (
              <li key={r.recommendation}>{r.recommendation}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">Who keeps in touch with you</h2>
      <p>
        Your key worker is <strong>{plan.keyWorkerName ?? "not named yet"}</strong>. They will be in touch with you between now and your next review,
        so you do not need to book a GP appointment for things that are not medical. You can also contact them through your practice.
      </p>

      <h2 className="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]">Your next review</h2>
      <p>
        {plan.nextReviewDate ? (
          <>
            We will look at this plan again with you from <strong>{ukDate(plan.nextReviewDate, "EEEE d MMMM yyyy")}</strong>.{" "}
            {plan.reviewClinicDayDate
              ? `It is booked for the clinic on ${ukDate(plan.reviewClinicDayDate, "EEEE d MMMM yyyy")}. The clinic will phone you beforehand.`
              : "The clinic will contact you to book a day."}
          </>
        ) : (
          "The date of your next review has not been set yet."
        )}
      </p>

      <p className="mt-6 border-t border-slate-400 pt-2 text-base text-slate-700 print:text-[9pt]">
        Version {plan.version}
        {plan.finalisedAt ? `, agreed on ${formatLondon(plan.finalisedAt, "d MMMM yyyy")} with ${plan.finalisedByName}` : ""}. If anything here is
        wrong or you want to change it, tell your key worker or your practice.
      </p>
    </article>
  );
}
