import Link from "next/link";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import type { AfternoonEntry } from "@/lib/services/afternoon-list";

type Waitlisted = { id: string; kind: string; reason: string; patient: { givenName: string; familyName: string; nhsNumber: string }; fromClinicDay: { date: Date } };

const KIND: Record<string, string> = { TALKING_THERAPIES: "Talking Therapies", GP: "GP" };

export function AfternoonList({ title, entries, empty }: { title: string; entries: AfternoonEntry[]; empty: string }) {
  return (
    <section className="mt-6" aria-labelledby="afternoon-list">
      <h2 id="afternoon-list" className="text-xl font-bold">
        {title}
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <table className="mt-3 w-full border-collapse bg-white text-left">
          <thead>
            <tr className="border-b-2 border-slate-700">
              <th scope="col" className="p-2">Time</th>
              <th scope="col" className="p-2">Patient</th>
              <th scope="col" className="p-2">NHS number</th>
              <th scope="col" className="p-2">With</th>
              <th scope="col" className="p-2">Also this afternoon</th>
              <th scope="col" className="p-2">Why</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.appointmentId} className="border-b border-slate-200">
                <td className="p-2">{formatLondon(e.startsAt, "HH:mm")}</td>
                <td className="p-2 font-semibold">{e.name}</td>
                <td className="p-2">{formatNhsNumber(e.nhsNumber)}</td>
                <td className="p-2">{e.clinician ?? "—"}</td>
                <td className="p-2">{e.other ? `${KIND[e.other.kind]} at ${formatLondon(e.other.startsAt, "HH:mm")}` : "—"}</td>
                <td className="p-2 text-sm text-slate-700">{e.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** `waitlistHref` is given only to staff who may book from the waitlist. */
export function WaitlistAlert({ entries, waitlistHref }: { entries: Waitlisted[]; waitlistHref?: string }) {
  if (entries.length === 0) return null;
  return (
    <section role="alert" aria-labelledby="waitlist" className="mt-6 rounded border-l-4 border-nhs-red bg-red-50 p-4">
      <h2 id="waitlist" className="text-xl font-bold text-nhs-red">
        {entries.length} {entries.length === 1 ? "patient is" : "patients are"} waiting for an appointment
      </h2>
      <ul className="mt-2 list-disc pl-6">
        {entries.map((w) => (
          <li key={w.id}>
            <strong>
              {w.patient.givenName} {w.patient.familyName}
            </strong>{" "}
            ({formatNhsNumber(w.patient.nhsNumber)}): {KIND[w.kind]} since the clinic on {formatLondon(new Date(`${w.fromClinicDay.date.toISOString().slice(0, 10)}T12:00:00Z`), "d MMMM")}. {w.reason}.
          </li>
        ))}
      </ul>
      {waitlistHref ? (
        <p className="mt-2">
          <Link href={waitlistHref} className="font-semibold text-nhs-blue underline">
            Open the waitlist
          </Link>
        </p>
      ) : null}
    </section>
  );
}
