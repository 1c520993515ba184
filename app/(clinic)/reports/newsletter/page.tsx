import type { Metadata } from "next";
import Link from "next/link";
import { ErrorSummary } from "@/components/error-summary";
import { PrintButton } from "@/components/print-button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { previousMonth } from "@/lib/reports";
import { formatRate, PATHWAY_GROUP_LABELS, TOO_FEW_TO_COMPARE, type OutcomeSummary, type Rate } from "@/lib/reports/outcomes";
import { formatLondon, londonToday } from "@/lib/schedule";
import { listReportOptions } from "@/lib/services/reports/list-report-options";
import { getPracticeNewsletter, type PracticeNewsletter } from "@/lib/services/reports/get-practice-newsletter";

export const metadata: Metadata = { title: "Monthly practice newsletter" };

type Search = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** A practice's month in Talking Therapies, with its outcomes beside the PCN's: one printable A4 page for its GPs. */
export default async function PracticeNewsletterPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePagePermission("report:view");
  const params = await searchParams;
  const input = { practice: one(params.practice), month: one(params.month) || previousMonth(londonToday()) };
  let newsletter: PracticeNewsletter | null = null;
  let failure: AppError | null = null;
  if (input.practice) {
    try {
      newsletter = await getPracticeNewsletter(ctx, input);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "VALIDATION" && error.code !== "NOT_FOUND")) throw error;
      failure = error;
    }
  }
  if (newsletter) return <Newsletter n={newsletter} />;

  const options = await listReportOptions(ctx);
  return (
    <>
      <PageHeader back="/reports" backLabel="Back to reports" backClassName="no-print" title="Monthly practice newsletter" />
      <p className="mt-1 max-w-3xl text-slate-700">
        One page for a practice&apos;s GPs: referrals from the practice into Talking Therapies that month, how many entered and finished treatment,
        and how many recovered, beside the PCN as a whole.
      </p>
      <form method="get" action="/reports/newsletter" noValidate className="mt-4 max-w-xl rounded border border-slate-300 bg-white p-4">
        <ErrorSummary failure={failure && { message: failure.message, fieldErrors: failure.fieldErrors }} />
        <label htmlFor="newsletter-practice" className="mt-2 block font-semibold">
          Practice
        </label>
        <select
          id="newsletter-practice"
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
        <label htmlFor="newsletter-month" className="mt-3 block font-semibold">
          Month
        </label>
        <p id="newsletter-month-hint" className="text-sm text-slate-600">
          For example 2026-11
        </p>
        <input
          id="newsletter-month"
          name="month"
          type="month"
          defaultValue={input.month}
          aria-describedby="newsletter-month-hint"
          aria-invalid={Boolean(failure?.fieldErrors?.month)}
          className="mt-1 rounded border border-slate-500 px-2 py-1"
        />
        <div>
          <button type="submit" className="mt-4 rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-nhs-dark-blue">
            Show the newsletter
          </button>
        </div>
      </form>
    </>
  );
}

function RateCell({ rate }: { rate: Rate }) {
  return <td className="px-1 py-0.5">{formatRate(rate)}</td>;
}

const RATE_ROWS: Array<{ key: "recovery" | "reliableImprovement" | "reliableRecovery"; label: string; of: string }> = [
  { key: "recovery", label: "Recovered", of: "of those who finished treatment at caseness" },
  { key: "reliableImprovement", label: "Reliably improved", of: "of those who finished treatment with scores at the start and end" },
  { key: "reliableRecovery", label: "Reliably recovered", of: "of those who finished treatment at caseness" },
];

function Newsletter({ n }: { n: PracticeNewsletter }) {
  const p = n.figures.all;
  const query = new URLSearchParams({ practice: n.practice.odsCode, month: n.month });
  const headline: Array<[string, number]> = [
    ["referred to Talking Therapies", p.received],
    ["entered treatment", p.enteredTreatment],
    ["finished treatment", p.finishedTreatment],
  ];
  const pathways: Array<[string, OutcomeSummary]> = [
    [PATHWAY_GROUP_LABELS.GENERAL, n.figures.byPathway.GENERAL],
    [PATHWAY_GROUP_LABELS.LONG_TERM_CONDITIONS, n.figures.byPathway.LONG_TERM_CONDITIONS],
    ...n.figures.byCondition.map((c): [string, OutcomeSummary] => [`Long-term conditions: ${c.label}`, c.summary]),
  ];
  return (
    <article className="print:text-[9pt]">
      <style>{"@page { size: A4 portrait; margin: 10mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-4">
        <Link href="/reports" className="text-nhs-blue underline">
          Back to reports
        </Link>
        <PrintButton label="Print newsletter" />
        <a href={`/api/reports/practice-newsletter?${query}`} download className="text-nhs-blue underline">
          Download this newsletter (CSV)
        </a>
      </div>
      <header className="border-b-4 border-nhs-blue pb-2">
        <p className="text-sm font-semibold text-slate-700 print:text-[9pt]">{n.pcnName} · NHS Talking Therapies</p>
        <h1 className="text-2xl font-bold print:text-[16pt]">
          {n.practice.name}: Talking Therapies, {n.monthLabel}
        </h1>
        <p className="text-sm print:text-[9pt]">
          {n.practitioner ? (
            <>
              Your named Talking Therapies practitioner: <strong>{n.practitioner.name}</strong>.
            </>
          ) : (
            "No Talking Therapies practitioner has been named for the practice yet."
          )}{" "}
          Counts only: no patient is named.
        </p>
      </header>

      <section aria-labelledby="newsletter-headline-heading" className="mt-3">
        <h2 id="newsletter-headline-heading" className="sr-only">
          The month in numbers
        </h2>
        <ul className="grid grid-cols-3 gap-2">
          {headline.map(([label, count]) => (
            <li key={label} className="rounded border border-slate-300 p-2 print:border-black">
              <span className="block text-2xl font-bold print:text-[16pt]">{count}</span> {label}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="newsletter-outcomes-heading" className="mt-3 break-inside-avoid">
        <h2 id="newsletter-outcomes-heading" className="text-lg font-bold print:text-[11pt]">
          Outcomes of treatment finished in {n.monthLabel}
        </h2>
        <table className="mt-1 w-full border-collapse text-left text-sm print:text-[9pt]">
          <caption className="sr-only">Recovery and reliable improvement: {n.practice.name} and the PCN</caption>
          <thead>
            <tr className="border-b-2 border-slate-800">
              <th scope="col" className="px-1 py-0.5">
                Outcome
              </th>
              <th scope="col" className="px-1 py-0.5">
                {n.practice.name}
              </th>
              <th scope="col" className="px-1 py-0.5">
                PCN (all practices)
              </th>
            </tr>
          </thead>
          <tbody>
            {RATE_ROWS.map((row) => (
              <tr key={row.key} className="border-b border-slate-300">
                <th scope="row" className="px-1 py-0.5 font-normal">
                  <strong>{row.label}</strong> {row.of}
                </th>
                <RateCell rate={p[row.key]} />
                <RateCell rate={n.pcn.all[row.key]} />
              </tr>
            ))}
            <tr className="border-b border-slate-300">
              <th scope="row" className="px-1 py-0.5 font-normal">
                <strong>Referrals</strong> received, entered treatment, finished treatment
              </th>
              <td className="px-1 py-0.5">
                {p.received}, {p.enteredTreatment}, {p.finishedTreatment}
              </td>
              <td className="px-1 py-0.5">
                {n.pcn.all.received}, {n.pcn.all.enteredTreatment}, {n.pcn.all.finishedTreatment}
              </td>
            </tr>
          </tbody>
        </table>
        <p className="mt-1 text-sm print:text-[8pt]">
          {p.reliablyDeteriorated > 0 ? `${p.reliablyDeteriorated} of the practice's patients who finished treatment reliably deteriorated. ` : ""}
          {p.closedAfterTreatment > p.finishedTreatment
            ? `${p.closedAfterTreatment - p.finishedTreatment} closed after fewer than two treatment sessions, so are not in the rates. `
            : ""}
          A rate over fewer than {TOO_FEW_TO_COMPARE} people is shown as counts only (too few to compare): one person would move it by 20 points or
          more.
        </p>
      </section>

      <section aria-labelledby="newsletter-pathways-heading" className="mt-3 break-inside-avoid">
        <h2 id="newsletter-pathways-heading" className="text-lg font-bold print:text-[11pt]">
          By pathway
        </h2>
        <table className="mt-1 w-full border-collapse text-left text-sm print:text-[9pt]">
          <caption className="sr-only">{n.practice.name}&apos;s referrals and outcomes by pathway</caption>
          <thead>
            <tr className="border-b-2 border-slate-800">
              <th scope="col" className="px-1 py-0.5">
                Pathway
              </th>
              <th scope="col" className="px-1 py-0.5 text-right">
                Referred
              </th>
              <th scope="col" className="px-1 py-0.5 text-right">
                Entered treatment
              </th>
              <th scope="col" className="px-1 py-0.5 text-right">
                Finished
              </th>
              <th scope="col" className="px-1 py-0.5">
                Recovered
              </th>
              <th scope="col" className="px-1 py-0.5">
                Reliably improved
              </th>
            </tr>
          </thead>
          <tbody>
            {pathways.map(([label, x]) => (
              <tr key={label} className="border-b border-slate-300">
                <th scope="row" className="px-1 py-0.5 font-normal">
                  {label}
                </th>
                <td className="px-1 py-0.5 text-right tabular-nums">{x.received}</td>
                <td className="px-1 py-0.5 text-right tabular-nums">{x.enteredTreatment}</td>
                <td className="px-1 py-0.5 text-right tabular-nums">{x.finishedTreatment}</td>
                <RateCell rate={x.recovery} />
                <RateCell rate={x.reliableImprovement} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <footer className="mt-3 border-t border-slate-400 pt-1 text-xs text-slate-700 print:text-[7pt]">
        Referrals into Talking Therapies of patients registered with {n.practice.name}: referred counts those received from{" "}
        {formatLondon(new Date(`${n.period.from}T12:00:00Z`), "d MMMM")} to {formatLondon(new Date(`${n.period.to}T12:00:00Z`), "d MMMM yyyy")};
        entered treatment, those whose treatment began in the month; finished and the rates, those closed in the month after at least two attended
        treatment sessions. At caseness: PHQ-9 10 or more, or GAD-7 8 or more, at the first session measured with both. Recovered: below both at the
        last. Reliably improved: PHQ-9 down 6 or more, or GAD-7 down 4 or more, and neither up as much. Counted on{" "}
        {formatLondon(new Date(), "d MMMM yyyy")}.
      </footer>
    </article>
  );
}
