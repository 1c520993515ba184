import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/guard";
import { env, reminderEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { SELF_CHECK_IN_WINDOW } from "@/lib/patient-links";
import { getArrivalCode } from "@/lib/services/clinic-days/get-arrival-code";
import { PrintButton } from "@/components/print-button";
import { QrCode } from "@/components/arrival-qr-code";
import { makeArrivalCodeAction } from "./actions";

export const metadata: Metadata = { title: "Check-in QR code" };

/** The public address patients open: PATIENT_LINK_BASE_URL when set, otherwise the address this page was opened at. */
async function publicBase(): Promise<string> {
  const configured = reminderEnv().PATIENT_LINK_BASE_URL;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  const proto = h.get("x-forwarded-proto") ?? (process.env.NEXTAUTH_URL?.startsWith("https://") ? "https" : "http");
  return `${proto}://${h.get("x-forwarded-host") ?? h.get("host")}`;
}

/**
 * The QR code for the desk on one clinic day (docs/decisions/0016-patient-links.md): patients scan it with their own
 * phone and check themselves in with their date of birth and the first letter of their surname. One A4 page to
 * print; the same code prints every time until reception replaces it (then the old printout stops working).
 */
export default async function CheckInCodePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ failed?: string }>;
}) {
  const ctx = await requirePagePermission("appointment:arrive");
  const { id } = await params;
  const view = await getArrivalCode(ctx, { clinicDayId: id }, { secret: env().NEXTAUTH_SECRET }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const failed = (await searchParams).failed === "1";
  const current = view.current;
  const url = current?.code ? `${await publicBase()}/p/arrive/${current.code}` : null;
  return (
    <div>
      <style>{"@page { size: A4 portrait; margin: 15mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print">
        <Link href={`/clinic-days/${view.id}`} className="text-nhs-blue underline">
          Back to the clinic day
        </Link>
        {failed ? (
          <div role="alert" className="mt-4 border-4 border-nhs-red bg-white p-4">
            <h2 className="text-xl font-bold">There is a problem</h2>
            <p className="mt-2">The check-in code could not be made. Refresh the page and try again.</p>
          </div>
        ) : null}
        <p className="mt-4">
          Check-in code for {view.dateLabel}, {view.clinicName}, {view.siteName}. It works on that day only, for patients booked that day, from{" "}
          {SELF_CHECK_IN_WINDOW.minutesBefore} minutes before their appointment to {SELF_CHECK_IN_WINDOW.minutesAfter} minutes after it starts. The
          flow board shows them as arrived (self check-in); undo an arrival there as usual.
        </p>
        {current ? (
          <p className="mt-2">
            Made at {current.madeAt} by {current.madeBy}. Tries that could not check anyone in: {current.failedAttempts}.
          </p>
        ) : null}
        {view.mayMake ? (
          <form action={makeArrivalCodeAction as unknown as (form: FormData) => Promise<void>} className="mt-4 flex flex-wrap items-center gap-4">
            <input type="hidden" name="clinicDayId" value={view.id} />
            {url ? <PrintButton label="Print the code" /> : null}
            <button type="submit" className="rounded border-2 border-nhs-blue bg-white px-4 py-2 font-semibold text-nhs-blue">
              {current ? "Replace the code (printed copies stop working)" : "Make the check-in code"}
            </button>
          </form>
        ) : (
          <p className="mt-4 font-semibold">
            {view.cancelled
              ? "This clinic day is cancelled: it has no check-in code."
              : "This clinic day is over: its check-in code no longer works."}
          </p>
        )}
        {current && !current.code && view.mayMake ? (
          <p className="mt-4 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-3">
            This code cannot be shown again (the server&apos;s secret has changed). It still works where it is printed; replace it to print a new one.
          </p>
        ) : null}
      </div>
      {url && view.mayMake ? (
        <section aria-labelledby="qr-heading" className="mt-8 text-center print:mt-0">
          <h1 id="qr-heading" className="text-4xl font-bold">
            Check in with your phone
          </h1>
          <p className="mt-4 text-2xl">Scan with your phone camera to check in.</p>
          <QrCode
            value={url}
            label="QR code to check in for your appointment"
            className="mx-auto mt-6 w-full max-w-[120mm] border border-slate-300"
          />
          <p className="mt-4 text-xl">You will be asked your date of birth and the first letter of your surname.</p>
          <p className="mt-4 text-base break-all">
            Or type this address: <span data-testid="arrival-url">{url}</span>
          </p>
          <p className="mt-2 text-base">{view.dateLabel} only. If it does not work, please come to the desk.</p>
        </section>
      ) : (
        <h1 className="mt-6 text-2xl font-bold">Check-in QR code</h1>
      )}
    </div>
  );
}
