"use client";

import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/handle";
import type { AuditRow } from "@/lib/services/audit/search-audit";
import { DataTable } from "@/components/ui/table";

type Result = ActionResult<{ rows: AuditRow[]; more: boolean }>;

const FIELDS = [
  { name: "nhsNumber", label: "Patient's NHS number", type: "text", inputMode: "numeric" as const, hint: "With or without spaces" },
  { name: "staffEmail", label: "Member of staff's email", type: "email", inputMode: "email" as const, hint: undefined },
  { name: "from", label: "From (date)", type: "date", inputMode: undefined, hint: undefined },
  { name: "to", label: "To (date)", type: "date", inputMode: undefined, hint: undefined },
];

function when(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Europe/London" }).format(new Date(iso));
}

/**
 * Audit search for the clinic lead. Both the search and the CSV download are
 * POSTs, so an NHS number typed here never appears in a URL or a server log.
 */
export function AuditSearch({ action }: { action: (input: unknown) => Promise<Result> }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result | null>(null);

  function search(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = Object.fromEntries(new FormData(event.currentTarget).entries());
    start(async () => setResult(await action(input)));
  }

  const failure = result && !result.ok ? result : null;
  return (
    <>
      <form
        ref={formRef}
        onSubmit={search}
        method="post"
        action="/api/audit/export"
        noValidate
        className="mt-4 rounded border border-slate-300 bg-white p-4"
      >
        {failure ? (
          <div role="alert" className="mb-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold text-nhs-red">
            {failure.message}
          </div>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          {FIELDS.map((f) => (
            <div key={f.name}>
              <label htmlFor={`audit-${f.name}`} className="block font-semibold">
                {f.label}
              </label>
              {f.hint ? (
                <p id={`audit-${f.name}-hint`} className="text-sm text-slate-600">
                  {f.hint}
                </p>
              ) : null}
              <input
                id={`audit-${f.name}`}
                name={f.name}
                type={f.type}
                inputMode={f.inputMode}
                aria-describedby={
                  [f.hint ? `audit-${f.name}-hint` : null, failure?.fieldErrors?.[f.name] ? `audit-${f.name}-error` : null]
                    .filter(Boolean)
                    .join(" ") || undefined
                }
                aria-invalid={failure?.fieldErrors?.[f.name] ? true : undefined}
                className="mt-1 w-full rounded border-2 border-slate-700 px-3 py-2"
              />
              {failure?.fieldErrors?.[f.name] ? (
                <p id={`audit-${f.name}-error`} className="mt-1 font-semibold text-nhs-red">
                  {failure.fieldErrors[f.name]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <button type="submit" disabled={pending} className="rounded bg-nhs-blue px-4 py-2 font-semibold text-white disabled:opacity-60">
            {pending ? "Searching…" : "Search the audit trail"}
          </button>
          {/* A plain form submission to the export route: the browser downloads the CSV. */}
          <button
            type="button"
            onClick={() => formRef.current?.submit()}
            className="rounded border-2 border-nhs-blue px-4 py-2 font-semibold text-nhs-blue"
          >
            Download as CSV
          </button>
        </div>
      </form>

      {result?.ok ? (
        <section aria-labelledby="audit-results" className="mt-6">
          <h2 id="audit-results" className="text-xl font-bold" role="status">
            {result.data.rows.length === 0
              ? "No audit events match"
              : `${result.data.rows.length}${result.data.more ? "+" : ""} audit events, newest first`}
          </h2>
          {result.data.rows.length > 0 ? (
            <div className="mt-3 overflow-x-auto">
              <DataTable
                className="w-full border-collapse bg-white text-left text-sm"
                caption="Audit events matching the search"
                columns={["When", "Who", "What", "Outcome", "Patient", "From"]}
              >
                {result.data.rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-200 align-top">
                    <td className="p-2 whitespace-nowrap">{when(r.at)}</td>
                    <td className="p-2">{r.actorName ?? r.actorEmail ?? "—"}</td>
                    <td className="p-2 font-mono">{r.action}</td>
                    <td className="p-2">{r.outcome === "SUCCESS" ? "Done" : r.outcome === "DENIED" ? "Refused" : "Failed"}</td>
                    <td className="p-2">{r.patientName ? `${r.patientName} (${r.nhsNumber})` : "—"}</td>
                    <td className="p-2">{r.ip ?? "—"}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
