"use client";

/** Opens the browser's print dialogue; hidden from the printout itself. */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="no-print rounded bg-nhs-blue px-4 py-2 font-semibold text-white hover:bg-nhs-dark-blue"
    >
      {label}
    </button>
  );
}
