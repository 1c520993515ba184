import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto mt-16 max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2">Check the address, or go back to your home page.</p>
      <p className="mt-4">
        <Link href="/" className="font-semibold text-nhs-blue underline">
          Go to your home page
        </Link>
      </p>
    </main>
  );
}
