import type { Metadata } from "next";

/** Patient pages: no staff navigation, no staff data, not indexed; their own CSP is set in proxy.ts. */
export const metadata: Metadata = {
  title: { default: "Your appointment", template: "%s · Your appointment" },
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default function PatientLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:block focus:p-2">
        Skip to main content
      </a>
      <header className="bg-nhs-blue px-4 py-3 text-white">
        <p className="mx-auto max-w-2xl text-lg font-bold">Your appointment</p>
      </header>
      <main id="main" className="mx-auto max-w-2xl px-4 py-6 text-lg">
        {children}
      </main>
    </>
  );
}
