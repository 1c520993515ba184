import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ukDate } from "@/components/dates";
import { attendeeRole, decisionAction, decisionText } from "@/components/huddle/huddle-page";
import { PrintButton } from "@/components/print-button";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { getTodaysHuddle, type HuddleView } from "@/lib/services/huddles/get-todays-huddle";

export const metadata: Metadata = { title: "Huddle minutes" };

const STATUS_WORDS = { OPEN: "Not reached: goes on to the next huddle", ROLLED_OVER: "Carried over to the next huddle" } as const;

/**
 * The huddle's minutes on one A4 page: who attended, and for each case the
 * patient's name and NHS number, the decision with its reason and the action it
 * leaves. Nothing more of the patient (no risk, PHQ-4 or triage narrative), so
 * every attendee may keep a copy.
 */
export default async function HuddleMinutesPage({ params }: { params: Promise<{ huddleId: string }> }) {
  const ctx = await requirePagePermission("huddle:view");
  const { huddleId } = await params;
  let huddle: HuddleView | null;
  try {
    huddle = await getTodaysHuddle(ctx, { huddleId });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  if (!huddle) notFound();
  const present = huddle.attendees.filter((a) => a.present === true);
  const absent = huddle.attendees.filter((a) => a.present === false);
  const unmarked = huddle.attendees.filter((a) => a.present === null);
  const names = (list: HuddleView["attendees"]) => list.map((a) => `${a.name} (${attendeeRole(a)})`).join("; ");
  return (
    <article className="max-w-3xl leading-relaxed print:text-[10pt] print:leading-snug">
      <style>{"@page { size: A4 portrait; margin: 15mm; } @media print { main { max-width: none !important; padding: 0 !important; } }"}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-4">
        <Link href={`/huddle/${huddle.id}`} className="text-nhs-blue underline">
          Back to the huddle
        </Link>
        <PrintButton label="Print the minutes" />
      </div>
      <h1 className="text-3xl font-bold print:text-[16pt]">Referral huddle minutes</h1>
      <p className="mt-1">
        {ukDate(huddle.date, "EEEE d MMMM yyyy")} at {huddle.time} ({huddle.durationMinutes} minutes).
      </p>
      <h2 className="mt-4 text-xl font-bold print:mt-2 print:text-[12pt]">Attendees</h2>
      <p>
        <strong>Present:</strong> {names(present) || "not recorded"}.
      </p>
      {absent.length > 0 ? (
        <p>
          <strong>Not present:</strong> {names(absent)}.
        </p>
      ) : null}
      {unmarked.length > 0 ? (
        <p>
          <strong>Expected, attendance not recorded:</strong> {names(unmarked)}.
        </p>
      ) : null}
      <h2 className="mt-4 text-xl font-bold print:mt-2 print:text-[12pt]">Decisions and actions</h2>
      {huddle.cases.length === 0 ? <p>No cases were brought to this huddle.</p> : null}
      <table className="mt-1 w-full border-collapse text-left">
        <caption className="sr-only">Each case&apos;s decision and action</caption>
        <thead>
          <tr className="border-b-2 border-slate-700">
            <th scope="col" className="p-1">
              Patient
            </th>
            <th scope="col" className="p-1">
              Decision and reason
            </th>
            <th scope="col" className="p-1">
              Action
            </th>
          </tr>
        </thead>
        <tbody>
          {huddle.cases.map((c, i) => (
            <tr key={c.id} className="break-inside-avoid border-b border-slate-300 align-top">
              <td className="p-1">
                {i + 1}. {c.patient.name}
                <br />
                {formatNhsNumber(c.patient.nhsNumber)}
              </td>
              <td className="p-1">
                {c.decision ? (
                  <>
                    {decisionText(c.decision)}. {c.decision.reason}
                  </>
                ) : c.status === "OPEN" || c.status === "ROLLED_OVER" ? (
                  STATUS_WORDS[c.status]
                ) : null}
              </td>
              <td className="p-1">{c.decision ? (decisionAction(c.decision) ?? "None") : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-4 border-t border-slate-400 pt-1 text-sm text-slate-700 print:text-[8pt]">
        Confidential: for the huddle&apos;s attendees. Names, NHS numbers and decisions only; the clinical detail stays in the record.
      </p>
    </article>
  );
}
