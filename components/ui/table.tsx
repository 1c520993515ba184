import type { ReactNode } from "react";

/** A column heading: its text, or the text with its own classes (numbers align right) and a key when the text is not a string. */
export type Column = string | { label: ReactNode; key?: string; className?: string };

type TableProps = {
  /** What the table holds, read out by screen readers; visually hidden unless captionClassName says otherwise. */
  caption?: ReactNode;
  captionClassName?: string;
  columns: readonly Column[];
  className?: string;
  /** Classes of the header row and of each column heading (a column's own className replaces the latter). */
  headRowClassName?: string;
  headCellClassName?: string;
  children: ReactNode;
};

/**
 * The data table every page uses: a caption, one header row of `th scope="col"`
 * and the body rows the caller gives (each led by a `RowHeader` where a row has one).
 */
export function DataTable({
  caption,
  captionClassName = "sr-only",
  columns,
  className = "w-full border-collapse bg-white text-left",
  headRowClassName = "border-b-2 border-slate-700",
  headCellClassName = "p-2",
  children,
}: TableProps) {
  return (
    <table className={className}>
      {caption ? <caption className={captionClassName}>{caption}</caption> : null}
      <thead>
        <tr className={headRowClassName}>
          {columns.map((column, i) => {
            const c = typeof column === "string" ? { label: column } : column;
            return (
              <th key={c.key ?? (typeof c.label === "string" ? c.label : i)} scope="col" className={c.className ?? headCellClassName}>
                {c.label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The compact report table (smaller text, tighter cells). */
export function ReportTable(props: Omit<TableProps, "headRowClassName" | "headCellClassName">) {
  return (
    <DataTable
      className="mt-2 w-full border-collapse text-left text-sm"
      {...props}
      headRowClassName="border-b-2 border-slate-800"
      headCellClassName="px-2 py-1"
    />
  );
}

/** The cell that names its row (`th scope="row"`). */
export function RowHeader({ className = "p-2 text-left font-semibold", children }: { className?: string; children: ReactNode }) {
  return (
    <th scope="row" className={className}>
      {children}
    </th>
  );
}
