"use client";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en-GB">
      <body style={{ fontFamily: "Arial, sans-serif", padding: "2rem" }}>
        <main role="alert">
          <h1>Sorry, Clinic Day is not available right now</h1>
          <p>Try again in a minute. If it keeps happening, tell the clinic lead{error.digest ? ` (reference ${error.digest})` : ""}.</p>
        </main>
      </body>
    </html>
  );
}
