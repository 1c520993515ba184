import { formatPercent, type FunnelRow } from "@/lib/reports";
import { DataTable, RowHeader } from "@/components/ui/table";

/**
 * The funnel as horizontal bars with their numbers written beside them, and the
 * same figures as a table below: the bars are decoration for sighted readers,
 * the text and the table carry the values for everyone.
 */
export function FunnelChart({ rows, caption }: { rows: FunnelRow[]; caption: string }) {
  const top = Math.max(1, rows[0]?.count ?? 0);
  return (
    <div>
      <figure className="mt-3 rounded border border-slate-300 bg-white p-4 print:border-black print:p-2">
        <figcaption className="font-semibold">{caption}</figcaption>
        <ol className="mt-2 space-y-2 print:space-y-1">
          {rows.map((r) => (
            <li key={r.step} className="grid grid-cols-[minmax(9rem,14rem)_1fr] items-center gap-3 print:grid-cols-[11rem_1fr]">
              <span className="text-sm font-semibold">{r.label}</span>
              <span className="flex items-center gap-2">
                <span
                  aria-hidden="true"
                  className="inline-block h-5 rounded-sm bg-nhs-blue print:h-3 print:[print-color-adjust:exact]"
                  style={{ width: `${Math.max(r.count > 0 ? 1 : 0, (r.count / top) * 100) * 0.8}%` }}
                />
                <span className="text-sm whitespace-nowrap">
                  <span className="font-bold">{r.count}</span>
                  {r.step === "booked" ? "" : ` (${formatPercent(r.percentOfPrevious)} of previous step)`}
                </span>
              </span>
            </li>
          ))}
        </ol>
      </figure>
      <DataTable
        className="mt-3 w-full border-collapse text-left text-sm"
        caption={`${caption}, as a table`}
        columns={[{ label: "Step", className: "px-2 py-1" }, "Patients", "% of previous step", "% of booked"]}
        headRowClassName="border-b-2 border-slate-800"
        headCellClassName="px-2 py-1 text-right"
      >
        {rows.map((r) => (
          <tr key={r.step} className="border-b border-slate-300">
            <RowHeader className="px-2 py-1 font-semibold">{r.label}</RowHeader>
            <td className="px-2 py-1 text-right tabular-nums" data-step={r.step}>
              {r.count}
            </td>
            <td className="px-2 py-1 text-right tabular-nums">{formatPercent(r.percentOfPrevious)}</td>
            <td className="px-2 py-1 text-right tabular-nums">{formatPercent(r.percentOfBooked)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
