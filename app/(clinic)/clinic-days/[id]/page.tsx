import type { Metadata } from "next";
import Link from "next/link";
import { DayList } from "@/components/day-view/day-list";
import { MorningGrid } from "@/components/day-view/morning-grid";
import { PreparationCalls } from "@/components/day-view/preparation-calls";
import { ReviewsDue } from "@/components/day-view/reviews-due";
import { requirePagePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/auth/permissions";
import { PREPARATION_WINDOW_DAYS } from "@/lib/services/clinic-days/get-day-view";
import { listReviewsDue } from "@/lib/services/care-plans/list-reviews-due";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import {
  bookAppointmentAction,
  cancelAppointmentAction,
  checkInAction,
  markNoShowAction,
  recordPreparationCallAction,
  rescheduleAppointmentAction,
  searchPatientsAction,
  undoArrivalAction,
} from "./actions";
import { loadDay } from "./load-day";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Clinic day" };

export default async function ClinicDayPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ book?: string | string[] }>;
}) {
  const ctx = await requirePagePermission("clinic-day:view");
  const { id } = await params;
  const { book } = await searchParams;
  const day = await loadDay(ctx, id, "view");
  const roles = ctx.actor.roles;
  const scheduled = day.status === "SCHEDULED";
  const canBook = hasPermission(roles, "appointment:book") && scheduled && !day.isPast;
  const canArrive = hasPermission(roles, "appointment:arrive");
  const canPrepare = hasPermission(roles, "preparation:record") && scheduled && !day.isPast;
  const highlightUnprepared = scheduled && day.preparationDue;
  const reviews = hasPermission(roles, "review:view") ? await listReviewsDue(ctx, { clinicDayId: day.id }) : null;
  // "Book" from the reviews list: the patient search starts filled in with their NHS number.
  const bookQuery = typeof book === "string" && /^\d{10}$/.test(book) ? book : undefined;

  return (
    <>
      <PageHeader back="/clinic-days" backLabel="All clinic days" backClassName="no-print" title={day.dateLabel} />
      <p className="no-print mt-2">
        <Link href={`/clinic-days/${day.id}/board`} className="font-semibold text-nhs-blue underline">
          Flow board: where every patient is now
        </Link>
      </p>
      <p className="mt-1 text-slate-700">
        {day.clinicName}, {day.siteName}
        {day.isToday ? " (today)" : ""}
      </p>
      {!scheduled ? (
        <p role="status" className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          This clinic day is cancelled{day.cancelReason ? `: ${day.cancelReason}` : ""}.
        </p>
      ) : null}

      <div className="mt-4 flex flex-wrap items-start justify-between gap-4">
        <dl className="grid grid-cols-[max-content_max-content] gap-x-4 gap-y-1 sm:grid-cols-[repeat(6,max-content)]">
          <dt className="text-slate-700">Booked</dt>
          <dd className="font-semibold">
            {day.counts.booked} of {day.counts.slots}
          </dd>
          <dt className="text-slate-700">Free</dt>
          <dd className="font-semibold">{day.counts.free}</dd>
          <dt className="text-slate-700">Arrived</dt>
          <dd className="font-semibold">{day.counts.arrived}</dd>
          <dt className="text-slate-700">Did not attend</dt>
          <dd className="font-semibold">{day.counts.noShow}</dd>
          <dt className="text-slate-700">Not prepared</dt>
          <dd className="font-semibold">
            {highlightUnprepared && day.counts.notPrepared > 0 ? (
              <span className="rounded bg-nhs-warm-yellow px-1.5 text-black">{day.counts.notPrepared}</span>
            ) : (
              day.counts.notPrepared
            )}
          </dd>
          <dt className="text-slate-700">Cancelled</dt>
          <dd className="font-semibold">{day.counts.cancelled}</dd>
        </dl>
        <Link href={`/clinic-days/${day.id}/print`} className="no-print rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue">
          Print day list
        </Link>
        {canArrive && scheduled && !day.isPast ? (
          <Link
            href={`/clinic-days/${day.id}/check-in-code`}
            className="no-print rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue"
          >
            Check-in QR code
          </Link>
        ) : null}
        <a
          href={`/api/clinic-days/${day.id}/day-list.csv`}
          className="no-print rounded border-2 border-nhs-blue px-3 py-1 font-semibold text-nhs-blue"
        >
          Download day list (CSV)
        </a>
      </div>
      {highlightUnprepared && day.counts.notPrepared > 0 ? (
        <p className="mt-3 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-3">
          <strong>{day.counts.notPrepared} not prepared.</strong> This clinic day is within {PREPARATION_WINDOW_DAYS} days: call these patients to
          prepare them.
        </p>
      ) : null}

      <section aria-labelledby="sessions-heading" className="mt-6">
        <h2 id="sessions-heading" className="text-xl font-bold">
          Sessions
        </h2>
        <ul className="mt-2 space-y-1">
          {day.sessions.map((s) => (
            <li key={`${s.kind}-${s.start}`}>
              <span className="font-semibold">{SESSION_KIND_LABELS[s.kind]}</span> {s.start}–{s.end}
              {s.room ? `, ${s.room}` : ""}: {s.staff.join(", ")}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="grid-heading" className="mt-6">
        <h2 id="grid-heading" className="text-xl font-bold">
          Morning wrap-around
        </h2>
        {bookQuery && canBook ? (
          <p role="status" className="mt-2 border-l-4 border-nhs-blue bg-blue-50 p-3">
            Booking a review: choose a free slot; the patient search is filled in with NHS number {bookQuery}.
          </p>
        ) : null}
        <MorningGrid
          // A new "Book" link from the reviews list starts the grid afresh with that patient's search.
          key={bookQuery ?? "grid"}
          clinicDayId={day.id}
          stations={day.stations}
          rows={day.rows}
          appointments={day.appointments}
          canBook={canBook}
          highlightUnprepared={highlightUnprepared}
          searchAction={searchPatientsAction}
          bookAction={bookAppointmentAction}
          initialQuery={bookQuery}
        />
      </section>

      {reviews ? (
        <section aria-labelledby="reviews-heading" className="mt-8">
          <h2 id="reviews-heading" className="text-xl font-bold">
            Reviews due
          </h2>
          <ReviewsDue clinicDayId={day.id} reviews={reviews} canBook={canBook} />
        </section>
      ) : null}

      <section aria-labelledby="list-heading" className="mt-8">
        <h2 id="list-heading" className="text-xl font-bold">
          Day list
        </h2>
        <DayList
          appointments={day.appointments}
          freeSlots={day.freeSlots}
          otherDays={day.otherDays}
          dateLabel={day.dateLabel}
          canArrive={canArrive && scheduled}
          canBook={canBook}
          dayHasCome={day.isToday || day.isPast}
          isPast={day.isPast}
          highlightUnprepared={highlightUnprepared}
          downloads={{ clinicDayId: day.id, fhir: hasPermission(roles, "clinical:view") }}
          actions={{
            checkIn: checkInAction,
            didNotAttend: markNoShowAction,
            undo: undoArrivalAction,
            cancel: cancelAppointmentAction,
            reschedule: rescheduleAppointmentAction,
          }}
        />
      </section>

      {!day.isPast ? (
        <section aria-labelledby="prep-heading" className="mt-8">
          <h2 id="prep-heading" className="text-xl font-bold">
            Preparation calls
          </h2>
          <PreparationCalls
            appointments={day.appointments}
            canRecord={canPrepare}
            highlightUnprepared={highlightUnprepared}
            action={recordPreparationCallAction}
          />
        </section>
      ) : null}
    </>
  );
}
