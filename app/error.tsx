"use client";

/** Shown for any unexpected failure: a plain message, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const unavailable = /database|temporarily unavailable/i.test(error.message);
  return (
    <main id="main" className="mx-auto mt-16 max-w-xl rounded-lg border border-slate-200 bg-white p-8" role="alert">
      <h1 className="text-2xl font-bold">{unavailable ? "The clinic database is temporarily unavailable" : "Sorry, something went wrong"}</h1>
      <p className="mt-2">
        {unavailable
          ? "Nothing has been lost. Wait a minute and try again; if it keeps happening, tell the clinic lead."
          : "Try again. If it keeps happening, tell the clinic lead and give them this reference:"}
      </p>
      {error.digest ? <p className="mt-2 font-mono">Reference {error.digest}</p> : null}
      <button type="button" onClick={reset} className="mt-4 rounded bg-nhs-blue px-4 py-2 font-semibold text-white">
        Try again
      </button>
    </main>
  );
}
