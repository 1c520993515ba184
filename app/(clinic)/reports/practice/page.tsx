import type { Metadata } from "next";
import Link from "next/link";
import { ErrorSummary } from "@/components/error-summary";
import { FunnelChart } from "@/components/funnel-chart";
import { PrintButton } from "@/components/print-button";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { PATHWAY_LABELS, previousMonth, REFERRAL_STATUS_LABELS, TRIAGE_OUTCOME_LABELS } from "@/lib/reports";
import { formatDays } from "@/lib/reports/huddle";
import { formatLondon, londonToday } from "@/lib/schedule";
import { listReportOptions } from "@/lib/services/reports/list-report-options";
import { getPracticeReport, type PracticeReport } from "@/lib/services/reports/get-practice-report";

export const metadata: Metadata = { title: "Monthly practice report" };

type Search = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** A practice's month at the clinic as a one-page A4 newsletter for its GPs. */
export default async function PracticeReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePagePermission("report:view");
  const params = await searchParams;
  const input = { practice: one(params.practice), month: one(params.month) || previousMonth(londonToday()), clinicId: one(params.clinicId) };
  let report: PracticeReport | null = null;
  let failure: AppError | null = null;
  if (input.practice) {
    try {
      report = await getPracticeReport(ctx, input);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "VALIDATION" && error.code !== "NOT_FOUND")) throw error;
      failure = error;
    }
  }
  if (report) return <Newsletter report={report} />;

  const options = await listReportOptions(ctx);
  return (
    <>
      <PageHeader back="/reports" backLabel="Back to reports" backClassName="no-print" title="Monthly practice report" />
      <p className="mt-1 max-w-3xl text-slate-700">
        One page for a practice&apos;s GPs: their patients at the clinic that month, and the referrals into Talking Therapies made there with where
        each stands now.
      </p>
      <form method="get" action="/reports/practice" noValidate className="mt-4 max-w-xl rounded border border-slate-300 bg-white p-4">
        <ErrorSummary failure={failure && { message: failure.message, fieldErrors: failure.fieldErrors }} />
        <label htmlFor="practice-report-practice" className="mt-2 block font-semibold">
          Practice
        </label>
        <select
          id="practice-report-practice"
          name="practice"
          defaultValue={input.practice.toUpperCase()}
          className="mt-1 w-full rounded border border-slate-500 bg-white px-2 py-1"
        >
          {options.practices.map((p) => (
            <option key={p.id} value={p.odsCode}>
              {p.name} ({p.odsCode})
            </option>
          ))}
        </select>
        <label htmlFor="practice-report-month" className="mt-3 block font-semibold">
          Month
        </label>
        <p id="practice-report-month-hint" className="text-sm text-slate-600">
          For example 2026-11
        </p>
        <input
          id="practice-report-month"
          name="month"
          type="month"
          defaultValue={input.month}
          aria-describedby="practice-report-month-hint"
          className="mt-1 rounded border border-slate-500 px-2 py-1"
        />
        <div>
          <button type="submit" className="mt-4 rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-nhs-dark-blue">
            Show the practice report
          </button>
        </div>
      </form>
    </>
  );
}

function Newsletter({ report }: { report: PracticeReport }) {
  const t = report.referralTotals;
  const csv = new URLSearchParams({
    practice: report.practice.odsCode,
    month: report.month,
    ...(report.filter.clinicId ? { clinicId: report.filter.clinicId } : {}),
  });
  const headline: Array<[string, number]> = [
    ["came to the clinic", report.counts.attended],
    ["screened positive on the PHQ-4", report.counts.screenedPositive],
    ["referred into Talking Therapies", t.referred],
    ["now in treatment", t.inTreatment],
  ];
  return (
    <article className="print:text-[9pt]">
      <style>{"@page { size: A4 portrait; margin: 10mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-4">
        <Link href="/reports" className="text-nhs-blue underline">
          Back to reports
        </Link>
        <PrintButton label="Print practice report" />
        <a href={`/api/reports/practice-month?${csv}`} download className="text-nhs-blue underline">
          Download this report (CSV)
        </a>
        <Link
          href={`/reports/newsletter?${new URLSearchParams({ practice: report.practice.odsCode, month: report.month })}`}
          className="text-nhs-blue underline"
        >
          Talking Therapies outcomes newsletter
        </Link>
      </div>
      <header className="border-b-4 border-nhs-blue pb-2">
        <p className="text-sm font-semibold text-slate-700 print:text-[9pt]">
          {report.pcnName} · Multi-morbidity clinic{report.filter.clinicName ? `: ${report.filter.clinicName}` : ""}
        </p>
        <h1 className="text-2xl font-bold print:text-[16pt]">
          {report.practice.name}: {report.monthLabel}
        </h1>
        <p className="text-sm print:text-[9pt]">
          For the GPs of {report.practice.name} ({report.practice.odsCode}). Counts only: no patient is named.
        </p>
      </header>

      <section aria-labelledby="headline-heading" className="mt-3">
        <h2 id="headline-heading" className="sr-only">
          The month in numbers
        </h2>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {headline.map(([label, n]) => (
            <li key={label} className="rounded border border-slate-300 p-2 print:border-black">
              <span className="block text-2xl font-bold print:text-[16pt]">{n}</span> {label}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="practice-funnel-heading" className="mt-3 break-inside-avoid">
        <h2 id="practice-funnel-heading" className="text-lg font-bold print:text-[11pt]">
          Your patients through the clinic
        </h2>
        <FunnelChart rows={report.funnel} caption={`${report.practice.name}, ${report.monthLabel}: clinic-day visits`} />
        <p className="mt-1 text-sm print:text-[8pt]">
          {report.noShows} booked visit{report.noShows === 1 ? "" : "s"} not attended.
        </p>
      </section>

      <div className="mt-3 grid gap-4 sm:grid-cols-2 print:grid-cols-2">
        <section aria-labelledby="triage-heading" className="break-inside-avoid">
          <h2 id="triage-heading" className="text-lg font-bold print:text-[11pt]">
            What Talking Therapies recommended
          </h2>
          {report.triage.length === 0 ? (
            <p>No triage outcomes were recorded this month.</p>
          ) : (
            <ul className="mt-1 list-disc pl-5">
              {report.triage.map((r) => (
                <li key={r.outcome}>
                  {TRIAGE_OUTCOME_LABELS[r.outcome]}: <strong>{r.count}</strong>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="referrals-heading" className="break-inside-avoid">
          <h2 id="referrals-heading" className="text-lg font-bold print:text-[11pt]">
            Referrals into Talking Therapies
          </h2>
          {t.referred === 0 ? (
            <p>No referrals were made from the clinic this month.</p>
          ) : (
            <DataTable
              className="mt-1 w-full border-collapse text-left text-sm print:text-[9pt]"
              caption={`Referrals made at the clinic in ${report.monthLabel}, by pathway and where they stand now`}
              columns={["Pathway", "Now", { label: "Referrals", className: "px-1 py-0.5 text-right" }]}
              headRowClassName="border-b-2 border-slate-800"
              headCellClassName="px-1 py-0.5"
            >
              {report.referrals.map((r) => (
                <tr key={`${r.pathway}-${r.status}`} className="border-b border-slate-300">
                  <td className="px-1 py-0.5">{PATHWAY_LABELS[r.pathway]}</td>
                  <td className="px-1 py-0.5">{REFERRAL_STATUS_LABELS[r.status]}</td>
                  <td className="px-1 py-0.5 text-right tabular-nums">{r.count}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <p className="mt-1 text-sm print:text-[8pt]">
            Accepted {t.accepted}, in treatment {t.inTreatment}, closed after treatment {t.treatmentEnded}, awaiting a decision {t.awaiting}, declined{" "}
            {t.declined}, did not engage {t.didNotEngage}.
            {report.medianDaysToAccept !== null ? ` Median ${report.medianDaysToAccept} days from referral to acceptance.` : ""}
            {report.medianDaysToTreatment !== null ? ` Median ${report.medianDaysToTreatment} days from referral to treatment.` : ""}
          </p>
        </section>
      </div>

      <HuddleSummary report={report} />

      <footer className="mt-3 border-t border-slate-400 pt-1 text-xs text-slate-700 print:text-[7pt]">
        Clinic-day visits at the PCN&apos;s clinic days from {formatLondon(new Date(`${report.filter.from}T12:00:00Z`), "d MMMM")} to{" "}
        {formatLondon(new Date(`${report.filter.to}T12:00:00Z`), "d MMMM yyyy")} by patients registered with {report.practice.name}. A visit is one
        patient on one clinic day; referrals are those made at the month&apos;s Talking Therapies appointments, shown as they stand on{" "}
        {formatLondon(new Date(), "d MMMM yyyy")}. The PHQ-4 threshold is the clinic&apos;s.
      </footer>
    </article>
  );
}

/** The practice's patients at the PCN's referral huddle that month, in a few lines so the newsletter stays one page. */
function HuddleSummary({ report }: { report: PracticeReport }) {
  const h = report.huddle;
  const went = h.byDestination.filter((d) => d.count > 0);
  return (
    <section aria-labelledby="huddle-heading" className="mt-3 break-inside-avoid">
      <h2 id="huddle-heading" className="text-lg font-bold print:text-[11pt]">
        At the PCN&apos;s referral huddle
      </h2>
      {h.brought === 0 ? (
        <p>No patients of the practice were brought to the referral huddle this month.</p>
      ) : (
        <>
          <p className="text-sm print:text-[9pt]">
            <strong>{h.brought}</strong> brought (first brought this month), <strong>{h.decided}</strong> decided, {h.stillOpen} not decided yet
            {h.deferredOnce > 0 ? `, ${h.deferredOnce} deferred at least once on the way` : ""}. Median {formatDays(h.daysToDecision.median)} from
            bringing to decision ({h.daysToDecision.cases} case{h.daysToDecision.cases === 1 ? "" : "s"}).
          </p>
          {went.length > 0 ? (
            <ul aria-label="Where the decided cases went" className="mt-1 flex flex-wrap gap-x-4 text-sm print:text-[9pt]">
              {went.map((d) => (
                <li key={d.destination}>
                  {d.label}: <strong>{d.count}</strong>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="mt-1 text-sm print:text-[9pt]">
            Referrals made {h.referrals.made}: accepted {h.referrals.accepted}
            {h.daysToAcceptance.referrals > 0
              ? ` (median ${formatDays(h.daysToAcceptance.median)} from decision to acceptance, ${h.daysToAcceptance.referrals} referral${h.daysToAcceptance.referrals === 1 ? "" : "s"})`
              : ""}
            , awaiting acceptance {h.referrals.awaiting}, of which past their accept-by date {h.referrals.overdue}, closed without being accepted{" "}
            {h.referrals.closedWithoutAcceptance}.
          </p>
        </>
      )}
    </section>
  );
}
