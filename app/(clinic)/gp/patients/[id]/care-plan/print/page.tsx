import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PatientCopy } from "@/components/care-plan/patient-copy";
import { PrintButton } from "@/components/print-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { isRightToLeft } from "@/lib/messages";
import { getCarePlan } from "@/lib/services/care-plans/get-care-plan";

export const metadata: Metadata = { title: "Care plan (patient copy)" };

/**
 * The patient's own copy of their care plan, in plain words, on one or two A4
 * pages; easy read (short sentences, large print) for a patient with a
 * learning disability or when asked. Every fixed word comes from the message
 * catalogue of the patient's language, message by message in English where it
 * has none, which the staff note above the copy says (docs/features.md).
 */
export default async function PrintCarePlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ format?: string }>;
}) {
  const ctx = await requirePagePermission("care-plan:view");
  const { id } = await params;
  const { format } = await searchParams;
  let data: Awaited<ReturnType<typeof getCarePlan>>;
  try {
    data = await getCarePlan(ctx, { patientId: id, format: format === "easy-read" || format === "standard" ? format : undefined });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const { patient, plan, copy } = data;
  const easy = copy.easyRead;
  const locale = copy.choice.locale;
  const back = hasPermission(ctx.actor.roles, "care-plan:write") ? `/gp/patients/${patient.id}` : `/buddy/caseload/${patient.id}`;
  const other = easy ? "standard" : "easy-read";

  return (
    <article
      lang={locale}
      dir={isRightToLeft(locale) ? "rtl" : "ltr"}
      className={
        easy
          ? "max-w-3xl text-2xl leading-relaxed print:text-[16pt] print:leading-normal"
          : "max-w-3xl text-lg leading-relaxed print:text-[11pt] print:leading-snug"
      }
    >
      <style>{"@page { size: A4 portrait; margin: 15mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div lang="en-GB" dir="ltr" className="no-print mb-4 space-y-2 text-base">
        <div className="flex flex-wrap items-center gap-4">
          <Link href={back} className="text-nhs-blue underline">
            Back
          </Link>
          <PrintButton label="Print care plan" />
          <Link href={`/gp/patients/${patient.id}/care-plan/print?format=${other}`} className="text-nhs-blue underline">
            {easy ? "Standard version" : "Easy read version"}
          </Link>
        </div>
        <p>
          {easy ? "Easy read" : "Standard"} copy
          {easy && patient.learningDisability && !format ? " (the patient has a learning disability)" : ""}, for a patient whose preferred language is{" "}
          {patient.preferredLanguage}
          {patient.interpreterNeeded ? " (interpreter needed)" : ""}.
        </p>
      </div>
      <PatientCopy patient={patient} plan={plan} copy={copy} />
    </article>
  );
}
