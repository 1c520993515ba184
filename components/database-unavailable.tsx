/** Shown instead of a page when the database cannot be reached: plain words, no stack trace. */
export function DatabaseUnavailable() {
  return (
    <main id="main" className="mx-auto mt-16 max-w-xl rounded-lg border border-slate-200 bg-white p-8" role="alert">
      <h1 className="text-2xl font-bold">The clinic database is temporarily unavailable</h1>
      <p className="mt-2">
        Nothing has been lost. Wait a minute and reload the page; if it keeps happening, tell the clinic lead or your IT support.
      </p>
    </main>
  );
}
