/** Headline figures as cards: a description list of label and value. */
export function StatCards({
  items,
  className = "mt-2 grid grid-cols-2 gap-4 sm:grid-cols-4",
}: {
  items: ReadonlyArray<readonly [string, string | number]>;
  className?: string;
}) {
  return (
    <dl className={className}>
      {items.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-slate-600">{label}</dt>
          <dd className="text-2xl font-bold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
