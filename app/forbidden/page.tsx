import Link from "next/link";

// Rendered per request so the proxy's CSP nonce reaches its scripts.
export const dynamic = "force-dynamic";

export const metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto mt-16 max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 className="text-2xl font-bold">You do not have access to that page</h1>
      <p className="mt-2">Your role does not include it. If you need it for your work, ask the clinic lead.</p>
      <p className="mt-4">
        <Link href="/" className="font-semibold text-nhs-blue underline">
          Go to your home page
        </Link>
      </p>
    </main>
  );
}
