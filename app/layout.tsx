import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Clinic Day", template: "%s · Clinic Day" },
  description: "Runs the NHS multi-morbidity clinic day",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: each carries the proxy's CSP nonce and reads the settings, the session
  // or the database, none of which exist at build time. Without this, `next build` prerenders a page that reads
  // the settings before any request data (the sign-in page) and needs the runtime secrets to build.
  await connection();
  return (
    <html lang="en-GB">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
