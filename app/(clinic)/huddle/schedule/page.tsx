import type { Metadata } from "next";
import { addDays } from "date-fns";
import { ukDate } from "@/components/dates";
import { attendeeRole } from "@/components/huddle/huddle-page";
import { HuddleAttendeesForm, ScheduleHuddleForm } from "@/components/huddle/schedule-huddle-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/guard";
import { listHuddles } from "@/lib/services/huddles/list-huddles";
import { scheduleHuddleAction, setHuddleAttendeesAction } from "../actions";

export const metadata: Metadata = { title: "Huddle schedule" };

/** The clinic lead's schedule of the PCN's huddles: schedule one, and set who attends each. */
export default async function HuddleSchedulePage() {
  const ctx = await requirePagePermission("huddle:manage");
  const { today, huddles, eligible } = await listHuddles(ctx);
  const choices = eligible.map((s) => ({ id: s.id, name: s.name, role: attendeeRole(s) }));
  const taken = new Set(huddles.map((h) => h.date));
  // The first weekday from today without a huddle.
  let next = new Date(`${today}T12:00:00Z`);
  while (taken.has(next.toISOString().slice(0, 10)) || next.getUTCDay() === 0 || next.getUTCDay() === 6) next = addDays(next, 1);
  const last = huddles[huddles.length - 1];
  return (
    <>
      <PageHeader back="/huddle" backLabel="Back to the huddle" title="Huddle schedule" />
      <section aria-labelledby="schedule-heading" className="mt-6">
        <h2 id="schedule-heading" className="text-2xl font-bold">
          Schedule a huddle
        </h2>
        <ScheduleHuddleForm
          eligible={choices}
          defaultDate={next.toISOString().slice(0, 10)}
          defaultAttendees={last ? last.attendees.map((a) => a.staffId) : []}
          action={scheduleHuddleAction}
        />
      </section>
      <section aria-labelledby="upcoming-heading" className="mt-8">
        <h2 id="upcoming-heading" className="text-2xl font-bold">
          Huddles from today
        </h2>
        {huddles.length === 0 ? <p className="mt-2">None scheduled.</p> : null}
        <ul className="mt-2 space-y-3">
          {huddles.map((h) => {
            const label = `${ukDate(h.date, "EEEE d MMMM")} at ${h.time}`;
            return (
              <li key={h.id} className="rounded border border-slate-300 bg-white p-3">
                <h3 className="text-lg font-bold">{label}</h3>
                <p>
                  {h.durationMinutes} minutes; {h.openCases} {h.openCases === 1 ? "case" : "cases"} waiting.{h.closed ? " Closed." : ""} Attending:{" "}
                  {h.attendees.map((a) => a.name).join(", ") || "nobody yet"}.
                </p>
                {h.closed ? null : (
                  <details className="mt-1">
                    <summary className="cursor-pointer font-semibold text-nhs-blue underline">
                      Change who attends<span className="sr-only"> on {label}</span>
                    </summary>
                    <HuddleAttendeesForm
                      huddleId={h.id}
                      label={label}
                      eligible={choices}
                      current={h.attendees.map((a) => a.staffId)}
                      action={setHuddleAttendeesAction}
                    />
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
