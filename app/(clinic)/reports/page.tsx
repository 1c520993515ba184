import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "@/lib/auth/permissions";
import { ErrorSummary } from "@/components/error-summary";
import { FunnelChart } from "@/components/funnel-chart";
import { StatCards } from "@/components/ui/stat-cards";
import { ReportTable, RowHeader, type Column } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { defaultPeriod, formatMinutes, formatPercent, FUNNEL_DEFINITIONS, FUNNEL_LABELS, FUNNEL_STEPS, SESSION_LABELS } from "@/lib/reports";
import { formatLondon, londonToday } from "@/lib/schedule";
import { getClinicReport, type ClinicReport } from "@/lib/services/reports/get-clinic-report";
import { listReportOptions, type ReportOptions } from "@/lib/services/reports/list-report-options";
import { TIME_DEFINITIONS, TIME_LABELS } from "@/lib/reports/times";
import { formatDays, HUDDLE_DEFINITIONS } from "@/lib/reports/huddle";
import { ukDate } from "@/components/dates";

export const metadata: Metadata = { title: "Reports" };

type Search = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

/**
 * The clinic lead's and GPs' reports. The filters travel in the query string
 * (a period, a clinic, a practice code: nothing that identifies a patient), so
 * a report can be bookmarked and the CSV links carry the same filter.
 */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePagePermission("report:view");
  const params = await searchParams;
  const period = defaultPeriod(londonToday());
  const input = {
    from: one(params.from) || period.from,
    to: one(params.to) || period.to,
    clinicId: one(params.clinicId) ?? "",
    practice: one(params.practice) ?? "",
  };
  let report: ClinicReport | null = null;
  let failure: AppError | null = null;
  try {
    report = await getClinicReport(ctx, input);
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "VALIDATION" && error.code !== "NOT_FOUND")) throw error;
    failure = error;
  }
  const options: ReportOptions = report?.options ?? (await listReportOptions(ctx));
  const filterQuery = report
    ? query({ from: report.filter.from, to: report.filter.to, clinicId: report.filter.clinicId, practice: report.filter.practice })
    : "";
  const month = (report?.filter.to ?? input.to).slice(0, 7);

  return (
    <>
      <h1 className="text-3xl font-bold">Reports</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        How many people the clinic saw, how many screened positive on the PHQ-4 and went on to Talking Therapies, and how the days ran. Figures are
        counted from the stored records when the page opens; they name no patients.
      </p>
      <p className="mt-2">
        <Link href="/reports/newsletter" className="text-nhs-blue underline">
          Monthly practice newsletter: Talking Therapies referrals and recovery by practice
        </Link>
      </p>
      {report && hasPermission(ctx.actor.roles, "referral:export") ? (
        <p className="mt-1">
          <a
            href={`/api/referrals/returns.csv?${query({ from: report.filter.from, to: report.filter.to })}`}
            download
            className="text-nhs-blue underline"
          >
            Download the referrals open in this period with their sessions and measures, for the service&apos;s returns (CSV, by NHS number)
          </a>
        </p>
      ) : null}

      <form
        method="get"
        action="/reports"
        noValidate
        className="mt-4 rounded border border-slate-300 bg-white p-4"
        aria-labelledby="report-filter-heading"
      >
        <h2 id="report-filter-heading" className="text-lg font-semibold">
          Period, clinic and practice
        </h2>
        <ErrorSummary failure={failure && { message: failure.message, fieldErrors: failure.fieldErrors }} />
        <div className="mt-2 grid gap-4 sm:grid-cols-4">
          <Field id="report-from" label="From" error={failure?.fieldErrors?.from}>
            <input
              id="report-from"
              name="from"
              type="date"
              defaultValue={input.from}
              aria-invalid={Boolean(failure?.fieldErrors?.from)}
              aria-describedby={failure?.fieldErrors?.from ? "report-from-error" : undefined}
              className="mt-1 w-full rounded border border-slate-500 px-2 py-1"
            />
          </Field>
          <Field id="report-to" label="To" error={failure?.fieldErrors?.to}>
            <input
              id="report-to"
              name="to"
              type="date"
              defaultValue={input.to}
              aria-invalid={Boolean(failure?.fieldErrors?.to)}
              aria-describedby={failure?.fieldErrors?.to ? "report-to-error" : undefined}
              className="mt-1 w-full rounded border border-slate-500 px-2 py-1"
            />
          </Field>
          <Field id="report-clinic" label="Clinic" error={failure?.fieldErrors?.clinicId}>
            <select
              id="report-clinic"
              name="clinicId"
              defaultValue={input.clinicId}
              className="mt-1 w-full rounded border border-slate-500 bg-white px-2 py-1"
            >
              <option value="">All clinics</option>
              {options.clinics.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="report-practice" label="Practice" error={failure?.fieldErrors?.practice}>
            <select
              id="report-practice"
              name="practice"
              defaultValue={input.practice.toUpperCase()}
              className="mt-1 w-full rounded border border-slate-500 bg-white px-2 py-1"
            >
              <option value="">All practices</option>
              {options.practices.map((p) => (
                <option key={p.id} value={p.odsCode}>
                  {p.name} ({p.odsCode})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" className="mt-4 rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-nhs-dark-blue">
          Show report
        </button>
      </form>

      {report ? <Report report={report} filterQuery={filterQuery} month={month} /> : null}
    </>
  );
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {error ? (
        <p id={`${id}-error`} className="text-sm font-semibold text-nhs-red">
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** Column headings of a table of figures: the first names the row, the rest are numbers and align right. */
function numberColumns(labels: string[]): Column[] {
  return labels.map((label, i) => (i > 0 ? { label, className: "px-2 py-1 text-right" } : label));
}

function CsvLink({ kind, filterQuery, children }: { kind: string; filterQuery: string; children: React.ReactNode }) {
  return (
    <a href={`/api/reports/${kind}?${filterQuery}`} download className="text-nhs-blue underline">
      {children}
    </a>
  );
}

function Report({ report, filterQuery, month }: { report: ClinicReport; filterQuery: string; month: string }) {
  const f = report.filter;
  const scope = `${ukDate(f.from)} to ${ukDate(f.to)}, ${f.clinicName ?? "all clinics"}, ${f.practiceName ? `${f.practiceName} (${f.practice})` : "all practices"}`;
  return (
    <>
      <section aria-labelledby="funnel-heading" className="mt-6">
        <h2 id="funnel-heading" className="text-2xl font-bold">
          Clinic funnel
        </h2>
        <p className="text-slate-700">{scope}.</p>
        <FunnelChart rows={report.funnel} caption={`Clinic funnel, ${scope}`} />
        {report.seenWithoutPositive > 0 ? (
          <p className="mt-2 text-sm">
            Also seen by Talking Therapies after a routing override, with a PHQ-4 below the threshold: {report.seenWithoutPositive} (not in the
            funnel).
          </p>
        ) : null}
        <p className="mt-2">
          <CsvLink kind="funnel" filterQuery={filterQuery}>
            Download the funnel (CSV)
          </CsvLink>
        </p>
      </section>

      <section aria-labelledby="practices-heading" className="mt-6">
        <h2 id="practices-heading" className="text-xl font-bold">
          By practice
        </h2>
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Funnel by practice, scrollable">
          <ReportTable
            caption={`Clinic funnel by practice, ${scope}`}
            columns={[
              "Practice",
              ...FUNNEL_STEPS.map((s) => ({ key: s, label: FUNNEL_LABELS[s], className: "px-2 py-1 text-right" })),
              { label: "Did not attend", className: "px-2 py-1 text-right" },
              "Monthly report",
            ]}
          >
            {report.byPractice.map((p) => (
              <tr key={p.odsCode} className="border-b border-slate-300">
                <RowHeader className="px-2 py-1 font-semibold">
                  {p.name} ({p.odsCode})
                </RowHeader>
                {FUNNEL_STEPS.map((s) => (
                  <td key={s} className="px-2 py-1 text-right tabular-nums">
                    {p.counts[s]}
                  </td>
                ))}
                <td className="px-2 py-1 text-right tabular-nums">{p.noShows}</td>
                <td className="px-2 py-1">
                  <Link
                    href={`/reports/practice?${new URLSearchParams({ practice: p.odsCode, month, ...(f.clinicId ? { clinicId: f.clinicId } : {}) })}`}
                    className="text-nhs-blue underline"
                  >
                    {p.name}, {formatLondon(new Date(`${month}-15T12:00:00Z`), "MMMM yyyy")}
                  </Link>
                </td>
              </tr>
            ))}
          </ReportTable>
        </div>
        <p className="mt-2">
          <CsvLink kind="practices" filterQuery={filterQuery}>
            Download the funnel by practice (CSV)
          </CsvLink>
        </p>
      </section>

      <section aria-labelledby="attendance-heading" className="mt-6">
        <h2 id="attendance-heading" className="text-xl font-bold">
          Attendance and slot use
        </h2>
        <StatCards
          items={[
            ["Did-not-attend rate", formatPercent(report.attendance.noShowRatePercent)],
            ["Did not attend", String(report.attendance.noShows)],
            ["Attended", String(report.attendance.attended)],
            ["Still booked (not yet recorded)", String(report.attendance.stillBooked)],
          ]}
        />
        <ReportTable
          className="mt-3 w-full border-collapse text-left text-sm"
          captionClassName="text-left font-semibold"
          caption="Slots by session"
          columns={numberColumns(["Session", "Slots", "Booked", "Attended", "Did not attend", "% booked", "% used"])}
        >
          {report.slotUse.map((s) => (
            <tr key={s.kind} className="border-b border-slate-300">
              <RowHeader className="px-2 py-1 font-semibold">{SESSION_LABELS[s.kind]}</RowHeader>
              {[s.slots, s.booked, s.attended, s.noShows].map((n, i) => (
                <td key={i} className="px-2 py-1 text-right tabular-nums">
                  {n}
                </td>
              ))}
              <td className="px-2 py-1 text-right tabular-nums">{formatPercent(s.percentBooked)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{formatPercent(s.percentUsed)}</td>
            </tr>
          ))}
        </ReportTable>
        <p className="mt-2">
          <CsvLink kind="slot-use" filterQuery={filterQuery}>
            Download slot use (CSV)
          </CsvLink>
        </p>
      </section>

      <section aria-labelledby="times-heading" className="mt-6">
        <h2 id="times-heading" className="text-xl font-bold">
          Time through the day
        </h2>
        <ReportTable
          caption={`Times through the clinic day, ${scope}`}
          columns={numberColumns(["Measure", "Visits measured", "Median", "90th percentile"])}
        >
          {report.times.map((t) => (
            <tr key={t.measure} className="border-b border-slate-300">
              <RowHeader className="px-2 py-1 font-semibold">{TIME_LABELS[t.measure]}</RowHeader>
              <td className="px-2 py-1 text-right tabular-nums">{t.visits}</td>
              <td className="px-2 py-1 text-right tabular-nums">{formatMinutes(t.medianMinutes)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{formatMinutes(t.p90Minutes)}</td>
            </tr>
          ))}
        </ReportTable>
        <p className="mt-2">
          <CsvLink kind="waiting-times" filterQuery={filterQuery}>
            Download times through the day (CSV)
          </CsvLink>
        </p>
      </section>

      <HuddleSection report={report} filterQuery={filterQuery} />

      <section aria-labelledby="definitions-heading" className="mt-6 max-w-3xl">
        <h2 id="definitions-heading" className="text-xl font-bold">
          How this is counted
        </h2>
        <p className="mt-1">
          Each row of the funnel counts <strong>clinic-day visits</strong>: one patient on one clinic day in the period. Someone who comes to three
          clinic days is three visits. Each step is part of the step before it, and the later steps (triage, referral) are those of the same visit as
          they stand today, whenever the referral moved on. The practice is the patient&apos;s registered practice.
        </p>
        <dl className="mt-2 space-y-2">
          {FUNNEL_STEPS.map((s) => (
            <div key={s}>
              <dt className="font-semibold">{FUNNEL_LABELS[s]}</dt>
              <dd>{FUNNEL_DEFINITIONS[s]}</dd>
            </div>
          ))}
          <div>
            <dt className="font-semibold">Did-not-attend rate</dt>
            <dd>Did not attend, as a share of the mornings with an outcome (attended or did not attend); visits still booked are left out.</dd>
          </div>
          <div>
            <dt className="font-semibold">Slots</dt>
            <dd>
              Slots of scheduled clinic days. Booked: holding an appointment now. Used: the patient came. With a practice chosen, booked and used
              count that practice&apos;s patients.
            </dd>
          </div>
          {Object.entries(TIME_DEFINITIONS).map(([measure, text]) => (
            <div key={measure}>
              <dt className="font-semibold">{TIME_LABELS[measure as keyof typeof TIME_LABELS]}</dt>
              <dd>{text}</dd>
            </div>
          ))}
          <div>
            <dt className="font-semibold">Referral huddle: cases brought</dt>
            <dd>{HUDDLE_DEFINITIONS.brought}</dd>
          </div>
          <div>
            <dt className="font-semibold">Referral huddle: decided</dt>
            <dd>{HUDDLE_DEFINITIONS.decided}</dd>
          </div>
          <div>
            <dt className="font-semibold">Days from bringing to decision</dt>
            <dd>{HUDDLE_DEFINITIONS.daysToDecision}</dd>
          </div>
          <div>
            <dt className="font-semibold">Referrals from the huddle</dt>
            <dd>
              {HUDDLE_DEFINITIONS.referrals} Overdue: {HUDDLE_DEFINITIONS.overdue.toLowerCase()}
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Days from decision to acceptance</dt>
            <dd>{HUDDLE_DEFINITIONS.daysToAcceptance}</dd>
          </div>
        </dl>
        <p className="mt-2 text-sm text-slate-700">
          The threshold is each clinic&apos;s current PHQ-4 threshold. GPs and the clinic lead see every practice of the PCN: the figures are counts,
          with no patient named. Each view and download is recorded in the audit trail.
        </p>
      </section>
    </>
  );
}

/** The PCN's referral huddle in the period: its cases, where they went, and how long decisions and acceptances took. */
function HuddleSection({ report, filterQuery }: { report: ClinicReport; filterQuery: string }) {
  const h = report.huddle;
  const f = report.filter;
  const scope = `cases first brought ${ukDate(f.from)} to ${ukDate(f.to)}, ${f.practiceName ? `${f.practiceName} (${f.practice})` : "all practices"}`;
  return (
    <section aria-labelledby="huddle-heading" className="mt-6">
      <h2 id="huddle-heading" className="text-xl font-bold">
        Referral huddle
      </h2>
      <p className="text-slate-700">
        The PCN&apos;s daily referral huddle, {scope}. {HUDDLE_DEFINITIONS.scope}
      </p>
      <StatCards
        items={[
          ["Cases brought", h.brought],
          ["Decided", h.decided],
          ["Not decided yet", h.stillOpen],
          ["Deferred at least once", h.deferredOnce],
        ]}
      />
      <ReportTable
        className="mt-3 w-full border-collapse text-left text-sm"
        captionClassName="text-left font-semibold"
        caption={`Where the huddle's decided cases went, ${scope}`}
        columns={numberColumns(["Decision", "Cases", "% of decided"])}
      >
        {h.byDestination.map((d) => (
          <tr key={d.destination} className="border-b border-slate-300">
            <RowHeader className="px-2 py-1 font-semibold">{d.label}</RowHeader>
            <td className="px-2 py-1 text-right tabular-nums">{d.count}</td>
            <td className="px-2 py-1 text-right tabular-nums">{formatPercent(d.percentOfDecided)}</td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable
        className="mt-3 w-full border-collapse text-left text-sm"
        captionClassName="text-left font-semibold"
        caption={`Days through the huddle, ${scope}`}
        columns={numberColumns(["Measure", "Counted", "Median"])}
      >
        <tr className="border-b border-slate-300">
          <RowHeader className="px-2 py-1 font-semibold">Days from bringing to decision (cases decided)</RowHeader>
          <td className="px-2 py-1 text-right tabular-nums">{h.daysToDecision.cases}</td>
          <td className="px-2 py-1 text-right tabular-nums">{formatDays(h.daysToDecision.median)}</td>
        </tr>
        <tr className="border-b border-slate-300">
          <RowHeader className="px-2 py-1 font-semibold">Days from decision to acceptance (referrals accepted)</RowHeader>
          <td className="px-2 py-1 text-right tabular-nums">{h.daysToAcceptance.referrals}</td>
          <td className="px-2 py-1 text-right tabular-nums">{formatDays(h.daysToAcceptance.median)}</td>
        </tr>
      </ReportTable>
      <ReportTable
        className="mt-3 w-full border-collapse text-left text-sm"
        captionClassName="text-left font-semibold"
        caption={`Referrals from the huddle and where they stand now, ${scope}`}
        columns={numberColumns(["Referrals", "Number"])}
      >
        {(
          [
            ["Made", h.referrals.made],
            ["Accepted", h.referrals.accepted],
            ["Awaiting acceptance", h.referrals.awaiting],
            ["Of those, past their accept-by date", h.referrals.overdue],
            ["Closed without being accepted", h.referrals.closedWithoutAcceptance],
          ] as const
        ).map(([label, n]) => (
          <tr key={label} className="border-b border-slate-300">
            <RowHeader className="px-2 py-1 font-semibold">{label}</RowHeader>
            <td className="px-2 py-1 text-right tabular-nums">{n}</td>
          </tr>
        ))}
      </ReportTable>
      <p className="mt-2">
        <CsvLink kind="huddle" filterQuery={filterQuery}>
          Download the referral huddle figures (CSV)
        </CsvLink>
      </p>
    </section>
  );
}
