import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RoutingControls } from "@/components/routing-controls";
import { AFTERNOON_KIND_LABELS as KIND } from "@/lib/appointments/kinds";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon, londonToday } from "@/lib/schedule";
import { getDayRouting } from "@/lib/services/routing/get-day-routing";
import { moveAfternoonAppointmentAction, overrideAfternoonAction } from "./actions";

export const metadata: Metadata = { title: "Afternoon routing" };

function slotLabel(s: { startsAt: Date; staffName: string | null }): string {
  return `${formatLondon(s.startsAt, "HH:mm")}${s.staffName ? ` with ${s.staffName}` : ""}`;
}

export default async function DayRoutingPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("routing:override");
  const { id } = await params;
  const day = await getDayRouting(ctx, { clinicDayId: id }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const editable = day.status === "SCHEDULED" && day.date >= londonToday();
  const freeSlots = day.freeSlots.map((s) => ({ id: s.id, kind: s.kind, label: slotLabel(s) }));
  return (
    <>
      <p>
        <Link href={`/clinic-days/${day.id}`} className="text-nhs-blue underline">
          Back to the day
        </Link>
        {" · "}
        <Link href="/waitlist" className="text-nhs-blue underline">
          Open the waitlist
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Afternoon routing, {formatLondon(new Date(`${day.date}T12:00:00Z`), "EEEE d MMMM yyyy")}</h1>
      <p className="mt-1 text-slate-700">
        {day.clinicName}. A PHQ-4 total of {day.threshold} or more routes to Talking Therapies, then a GP at least {day.handoverGapMinutes} minutes
        after it ends. Every routing decision is listed, including overrides and their reasons.
      </p>
      {editable ? null : (
        <p className="mt-3 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-3">
          This clinic day is over or cancelled, so its routing can no longer be changed.
        </p>
      )}
      {day.patients.length === 0 ? (
        <p className="mt-6">Nobody has been routed on this day yet.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {day.patients.map((p) => (
            <li key={p.patientId} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="text-xl font-bold">
                {p.name} <span className="text-base font-normal text-slate-600">({formatNhsNumber(p.nhsNumber)})</span>
              </h2>
              <p className="mt-1">
                <strong>Afternoon:</strong>{" "}
                {p.appointments.length === 0 ? "no appointment" : p.appointments.map((a) => `${KIND[a.kind]} at ${slotLabel(a)}`).join("; ")}
                {p.waitlisted.length > 0 ? `. Waitlisted for ${p.waitlisted.map((w) => KIND[w.kind]).join(" and ")}` : ""}.
              </p>
              <h3 className="mt-2 font-semibold">Routing decisions</h3>
              {p.decisions.length === 0 ? <p>None on this day: the afternoon was booked from an earlier day&apos;s waitlist.</p> : null}
              <ol className="list-decimal pl-6">
                {p.decisions.map((d) => (
                  <li key={d.id}>
                    {formatLondon(d.at, "HH:mm")}: {d.reason}
                    {d.override ? <strong className="ml-1 rounded bg-nhs-warm-yellow px-1">Override</strong> : null}
                    {d.by && !d.override ? <span className="text-slate-600"> (recorded by {d.by})</span> : null}
                  </li>
                ))}
              </ol>
              {editable ? (
                <RoutingControls
                  clinicDayId={day.id}
                  patient={{ id: p.patientId, name: p.name, talkingTherapies: p.talkingTherapies }}
                  appointments={p.appointments.filter((a) => a.status === "BOOKED").map((a) => ({ id: a.id, kind: a.kind, label: slotLabel(a) }))}
                  freeSlots={freeSlots}
                  overrideAction={overrideAfternoonAction}
                  moveAction={moveAfternoonAppointmentAction}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
