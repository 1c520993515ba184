"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import type { DayAppointment, DayView } from "@/lib/services/clinic-days/get-day-view";
import type { FreeSlot } from "@/lib/services/appointments/find-free-slots";
import type { BookingSearchResult } from "@/lib/services/appointments/search-patients-for-booking";
import { buttonClass, PreparedBadge, secondaryButtonClass, StatusBadge, type Action } from "./shared";
import { RowHeader } from "@/components/ui/table";
import { checkBeforeSending, type SchemaLoader } from "@/components/forms/use-action-form";
import { LanguageBadge } from "@/components/language-badge";

// The server's schema, fetched when the search is first checked (see SchemaLoader).
const loadPatientSearchSchema: SchemaLoader = () => import("@/lib/validation/booking").then((m) => m.patientSearchSchema);

type Target = { slotId: string; time: string; station: string };

/**
 * The morning grid (stations as columns, times as rows) and the booking flow:
 * choose a free slot, find the patient, confirm. A slot taken meanwhile shows
 * the server's message with the next free slots to book instead.
 */
export function MorningGrid({
  clinicDayId,
  stations,
  rows,
  appointments,
  canBook,
  highlightUnprepared,
  searchAction,
  bookAction,
  initialQuery,
}: {
  clinicDayId: string;
  stations: DayView["stations"];
  rows: DayView["rows"];
  appointments: DayAppointment[];
  canBook: boolean;
  highlightUnprepared: boolean;
  searchAction: Action<BookingSearchResult[]>;
  bookAction: Action<{ time: string; station: string; patientName: string }>;
  /** Fills in the patient search, for booking someone named elsewhere on the page (a review due). */
  initialQuery?: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [target, setTarget] = useState<Target | null>(null);
  const [query, setQuery] = useState(initialQuery ?? "");
  const [searchError, setSearchError] = useState<string | null>(null);
  const [results, setResults] = useState<BookingSearchResult[] | null>(null);
  const [patient, setPatient] = useState<BookingSearchResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; nextFreeSlots: FreeSlot[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const byId = new Map(appointments.map((a) => [a.id, a]));
  const stationLabel = new Map(stations.map((s) => [s.column, s.label]));

  useEffect(() => {
    if (target) headingRef.current?.focus();
  }, [target]);
  useEffect(() => {
    if (patient) confirmRef.current?.focus();
  }, [patient]);
  // The booking panel closes on success; keep keyboard users where the news is.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  function choose(next: Target) {
    setTarget(next);
    setFailure(null);
    setDone(null);
  }

  function close() {
    setTarget(null);
    setPatient(null);
    setResults(null);
    setQuery("");
    setFailure(null);
    setSearchError(null);
  }

  async function search(event: React.FormEvent) {
    event.preventDefault();
    const problem = await checkBeforeSending(loadPatientSearchSchema, { query, clinicDayId });
    if (problem) {
      setSearchError(problem.message);
      return;
    }
    setSearchError(null);
    start(async () => {
      const result = await searchAction({ query, clinicDayId });
      if (result.ok) {
        setResults(result.data);
        setPatient(null);
      } else {
        setSearchError(result.message);
      }
    });
  }

  function book(slot: Target, who: BookingSearchResult) {
    start(async () => {
      const result = await bookAction({ slotId: slot.slotId, patientId: who.id });
      if (result.ok) {
        setDone(`Booked ${result.data.patientName} at ${result.data.time}, ${result.data.station}.`);
        close();
        router.refresh();
      } else {
        setTarget(slot);
        setFailure({ message: result.message, nextFreeSlots: (result.details?.nextFreeSlots as FreeSlot[] | undefined) ?? [] });
      }
    });
  }

  return (
    <div>
      <p role="status" ref={doneRef} tabIndex={-1} className="min-h-6 font-semibold text-nhs-green">
        {done}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">Morning wrap-around slots: times down, stations across</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b-2 border-slate-400 p-2">
                Time
              </th>
              {stations.map((s) => (
                <th key={s.column} scope="col" className="border-b-2 border-slate-400 p-2">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.time} className="border-b border-slate-200 align-top">
                <RowHeader className="p-2 font-semibold">{row.time}</RowHeader>
                {row.cells.map((cell) => {
                  const appointment = cell.appointmentId ? byId.get(cell.appointmentId) : undefined;
                  const station = stationLabel.get(cell.column) ?? "";
                  const selected = target?.slotId === cell.slotId;
                  return (
                    <td key={cell.column} className={`p-2 ${selected ? "bg-yellow-50 outline-2 outline-nhs-warm-yellow" : ""}`}>
                      {!cell.slotId ? (
                        <span className="text-slate-600">No slot</span>
                      ) : appointment ? (
                        <div>
                          <a href={`#appointment-${appointment.id}`} className="font-semibold text-nhs-blue underline">
                            {appointment.name}
                          </a>
                          <div className="text-sm">NHS {appointment.nhsNumber}</div>
                          <div className="mt-1 flex flex-wrap items-center gap-2">
                            <StatusBadge status={appointment.status} />
                            <PreparedBadge appointment={appointment} highlight={highlightUnprepared} />
                          </div>
                          <LanguageBadge language={appointment} className="mt-1" />
                          {appointment.accessibilityNeeds ? <div className="mt-1 text-sm">Access needs</div> : null}
                        </div>
                      ) : canBook ? (
                        <button
                          type="button"
                          className={secondaryButtonClass}
                          aria-pressed={selected}
                          onClick={() => choose({ slotId: cell.slotId!, time: row.time, station })}
                        >
                          Book
                          <span className="sr-only">
                            {" "}
                            {row.time}, {station}
                          </span>
                        </button>
                      ) : (
                        <span className="text-slate-700">Free</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {target ? (
        <section aria-labelledby="booking-heading" className="mt-4 rounded-lg border-2 border-nhs-blue bg-white p-4">
          <h3 id="booking-heading" ref={headingRef} tabIndex={-1} className="text-lg font-bold">
            Book {target.time}, {target.station}
          </h3>
          {failure ? (
            <div role="alert" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3">
              <p className="font-semibold">{failure.message}</p>
              {failure.nextFreeSlots.length > 0 && patient ? (
                <>
                  <p className="mt-2">Book {patient.name} into one of these free slots instead:</p>
                  <ul className="mt-2 flex flex-wrap gap-2">
                    {failure.nextFreeSlots.map((slot) => (
                      <li key={slot.id}>
                        <button
                          type="button"
                          className={buttonClass}
                          disabled={pending}
                          onClick={() => book({ slotId: slot.id, time: slot.time, station: slot.station }, patient)}
                        >
                          Book {slot.time}, {slot.station}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : null}
          <form onSubmit={search} className="mt-3 flex flex-wrap items-end gap-2" role="search" aria-label="Find a patient to book">
            <div>
              <label htmlFor="booking-search" className="block font-semibold">
                Find the patient by name or NHS number
              </label>
              <input
                id="booking-search"
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                aria-invalid={searchError ? true : undefined}
                aria-describedby={searchError ? "booking-search-error" : undefined}
                className="mt-1 w-72 rounded border-2 border-slate-600 px-2 py-1"
                autoComplete="off"
              />
            </div>
            <button type="submit" className={buttonClass} disabled={pending}>
              Search
            </button>
            <button type="button" className={secondaryButtonClass} onClick={close}>
              Close
            </button>
          </form>
          {searchError ? (
            <p id="booking-search-error" role="alert" className="mt-2 font-semibold text-nhs-red">
              {searchError}
            </p>
          ) : null}
          {results ? (
            results.length === 0 ? (
              <p className="mt-3" role="status">
                No patient in the register matches “{query}”.
              </p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-200" aria-label="Matching patients">
                {results.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span>
                      <span className="font-semibold">{r.name}</span>, NHS {r.nhsNumber}, born {r.dateOfBirth}
                      {r.bookedAt ? <span className="ml-2 text-nhs-red">Already booked at {r.bookedAt} this day</span> : null}
                    </span>
                    <button type="button" className={secondaryButtonClass} onClick={() => setPatient(r)} aria-pressed={patient?.id === r.id}>
                      Choose<span className="sr-only"> {r.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : null}
          {patient ? (
            <div className="mt-3 border-t border-slate-200 pt-3">
              <p>
                Book <strong>{patient.name}</strong> (NHS {patient.nhsNumber}) at {target.time}, {target.station}?
              </p>
              <button ref={confirmRef} type="button" className={`${buttonClass} mt-2`} disabled={pending} onClick={() => book(target, patient)}>
                {pending ? "Booking…" : "Confirm booking"}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
