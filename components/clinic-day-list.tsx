import Link from "next/link";
import type { ClinicDaySummary } from "@/lib/services/clinic-days/list-clinic-days";
import { formatLondon } from "@/lib/schedule";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { longDate } from "@/components/dates";

function time(d: Date): string {
  return formatLondon(d, "HH:mm");
}

export function ClinicDayCard({ day, highlightStaffId }: { day: ClinicDaySummary; highlightStaffId?: string }) {
  const free = Math.max(day.morningSlots - day.booked, 0);
  return (
    <article className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`day-${day.id}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`day-${day.id}`} className="text-lg font-bold">
          <Link href={`/clinic-days/${day.id}`} className="text-nhs-blue underline">
            {longDate(day.date)}
          </Link>
        </h3>
        <p className="text-slate-600">
          {day.clinicName}, {day.siteName}
        </p>
      </div>
      {day.status === "CANCELLED" ? (
        <p className="mt-2 font-semibold text-nhs-red">Cancelled</p>
      ) : (
        <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1">
          <div>
            <dt className="inline text-slate-600">Morning slots: </dt>
            <dd className="inline font-semibold">{day.morningSlots}</dd>
          </div>
          <div>
            <dt className="inline text-slate-600">Booked: </dt>
            <dd className="inline font-semibold">{day.booked}</dd>
          </div>
          <div>
            <dt className="inline text-slate-600">Free: </dt>
            <dd className="inline font-semibold">{free}</dd>
          </div>
          <div>
            <dt className="inline text-slate-600">Arrived: </dt>
            <dd className="inline font-semibold">{day.arrived}</dd>
          </div>
        </dl>
      )}
      <ul className="mt-3 space-y-1 text-sm">
        {day.sessions.map((session) => (
          <li key={`${session.kind}-${session.startsAt.toISOString()}`}>
            <span className="font-semibold">{SESSION_KIND_LABELS[session.kind]}</span> {time(session.startsAt)}–{time(session.endsAt)}
            {session.roomName ? `, ${session.roomName}` : ""}:{" "}
            {session.staff.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ", " : ""}
                <span className={s.id === highlightStaffId ? "font-semibold text-nhs-blue" : undefined}>
                  {s.name}
                  {s.id === highlightStaffId ? " (you)" : ""}
                </span>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </article>
  );
}

export function ClinicDayList({
  title,
  days,
  empty,
  highlightStaffId,
}: {
  title: string;
  days: ClinicDaySummary[];
  empty: string;
  highlightStaffId?: string;
}) {
  return (
    <section className="mt-6" aria-label={title}>
      <h2 className="text-xl font-bold">{title}</h2>
      {days.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <div className="mt-3 grid gap-4">
          {days.map((day) => (
            <ClinicDayCard key={day.id} day={day} highlightStaffId={highlightStaffId} />
          ))}
        </div>
      )}
    </section>
  );
}
