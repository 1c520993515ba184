import type { Metadata } from "next";
import { InstrumentVersionForm } from "@/components/instrument-version-form";
import { DataTable, RowHeader } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { STANDARD_MEASURE_LABELS } from "@/lib/outcomes/instruments";
import { listInstrumentVersions } from "@/lib/services/outcomes/list-instrument-versions";
import { createInstrumentVersionAction } from "./actions";

export const metadata: Metadata = { title: "Questionnaires" };

export default async function InstrumentsPage() {
  const ctx = await requirePagePermission("instrument:manage");
  const versions = await listInstrumentVersions(ctx);
  return (
    <>
      <PageHeader back="/lead" backLabel="Back to the clinic lead's home" title="Questionnaires" />
      <p className="mt-1 max-w-3xl text-slate-700">
        The questionnaire versions Talking Therapies can record: the standard PHQ-4, PHQ-9 and GAD-7, and the PCN&apos;s adapted or local versions.
        Every response records the version used, so outcomes compare like with like. A version is never changed once added: add the next version
        instead.
      </p>
      <DataTable
        className="mt-4 w-full border-collapse bg-white text-left"
        caption="Questionnaire versions"
        columns={["Version", "Reported as", "Items", "Scoring", "Source", "Responses"]}
      >
        {versions.map((v) => (
          <tr key={v.id} data-testid="instrument-version" className="border-b border-slate-200 align-top">
            <RowHeader>
              {v.name}
              <div className="text-sm font-normal text-slate-700">
                {v.code} version {v.version}
                {v.builtIn ? " (standard)" : v.createdBy ? `, added by ${v.createdBy}` : ""}
              </div>
            </RowHeader>
            <td className="p-2">
              {v.mapsTo ? STANDARD_MEASURE_LABELS[v.mapsTo] : "Not a standard measure"}
              <div className="text-sm">{v.validatedForOutcomes ? "Counts in outcomes" : "Not counted in outcomes"}</div>
            </td>
            <td className="p-2">
              {v.items.length}
              {v.items.some((i) => i.risk) ? (
                <div className="text-sm">Risk item {v.items.flatMap((i, n) => (i.risk ? [n + 1] : [])).join(", ")}</div>
              ) : null}
            </td>
            <td className="p-2 text-sm">
              0 to {v.maxTotal}
              {v.caseness !== null ? `; caseness ${v.caseness} or more` : ""}
              <div>{v.bands.map((b) => `${b.label} ${b.from}–${b.to}`).join(", ")}</div>
            </td>
            <td className="p-2 text-sm">{v.source}</td>
            <td className="p-2">{v.responses}</td>
          </tr>
        ))}
      </DataTable>

      <section aria-labelledby="add-heading" className="mt-8">
        <h2 id="add-heading" className="text-2xl font-bold">
          Add a version
        </h2>
        <InstrumentVersionForm action={createInstrumentVersionAction} />
      </section>
    </>
  );
}
