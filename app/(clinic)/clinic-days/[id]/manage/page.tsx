import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CancelClinicDayForm } from "@/components/cancel-clinic-day-form";
import { RosterSwapForm } from "@/components/roster-swap-form";
import { SessionTimesForm } from "@/components/session-times-form";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { formatLondon } from "@/lib/schedule";
import { getClinicDayManagement } from "@/lib/services/clinic-days/get-clinic-day-management";
import { SESSION_KIND_LABELS } from "@/lib/appointments/kinds";
import { cancelClinicDayAction, changeSessionTimesAction, swapRosteredStaffAction } from "./actions";
import { DataTable, RowHeader } from "@/components/ui/table";
import { longDate } from "@/components/dates";

export const metadata: Metadata = { title: "Manage clinic day" };

const COLUMN_WORD = { WRAP_AROUND: "Station", TALKING_THERAPIES: "Clinician", GP: "GP" } as const;

export default async function ManageClinicDayPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("clinic-day:manage");
  const { id } = await params;
  const day = await getClinicDayManagement(ctx, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const dayLabel = longDate(day.date);
  const scheduled = day.status === "SCHEDULED";
  return (
    <>
      <p>
        <Link href="/clinic-days" className="text-nhs-blue underline">
          Back to clinic days
        </Link>
        {" · "}
        <Link href={`/clinic-days/${day.id}`} className="text-nhs-blue underline">
          Open the day
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Manage {dayLabel}</h1>
      <p className="mt-1 text-slate-700">
        {day.clinicName}, {day.siteName}. Times are London clock times.
      </p>
      {scheduled ? null : (
        <p className="mt-3 border-l-4 border-nhs-red bg-red-50 p-3 font-semibold">
          This clinic day is cancelled{day.cancelReason ? `: ${day.cancelReason}` : ""}.
        </p>
      )}

      <section aria-labelledby="roster-heading" className="mt-6">
        <h2 id="roster-heading" className="text-2xl font-bold">
          Sessions and roster
        </h2>
        {day.sessions.map((session) => {
          const label = SESSION_KIND_LABELS[session.kind];
          const times = `${formatLondon(session.startsAt, "HH:mm")}–${formatLondon(session.endsAt, "HH:mm")}`;
          return (
            <article key={session.id} aria-labelledby={`session-${session.id}`} className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
              <h3 id={`session-${session.id}`} className="text-xl font-bold">
                {label} {times}
                {session.roomName ? `, ${session.roomName}` : ""}
              </h3>
              <p className="text-slate-700">
                {session.activeBookings} active {session.activeBookings === 1 ? "booking" : "bookings"}
              </p>
              {session.roster.length === 0 ? (
                <p className="mt-2">{scheduled ? "No one is rostered." : "The roster was released when the day was cancelled."}</p>
              ) : (
                <DataTable
                  className="mt-2 w-full border-collapse text-left"
                  caption={`Roster of the ${label} session`}
                  columns={["Column", "Rostered", ...(scheduled ? [{ label: "Swap", className: "py-2" }] : [])]}
                  headCellClassName="py-2 pr-4"
                >
                  {session.roster.map((row) => {
                    const column = `${COLUMN_WORD[session.kind]} ${row.column + 1}`;
                    return (
                      <tr key={row.id} className="border-b border-slate-200 align-top">
                        <RowHeader className="py-2 pr-4">{column}</RowHeader>
                        <td className="py-2 pr-4">{row.staffName}</td>
                        {scheduled ? (
                          <td className="py-2">
                            <RosterSwapForm
                              sessionStaffId={row.id}
                              label={`${column} of ${label}`}
                              currentStaffId={row.staffId}
                              candidates={session.candidates}
                              action={swapRosteredStaffAction}
                            />
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </DataTable>
              )}
              {scheduled ? (
                session.activeBookings > 0 ? (
                  <p className="mt-3 text-slate-700">
                    To change this session&apos;s times, first move or cancel its {session.activeBookings}{" "}
                    {session.activeBookings === 1 ? "booking" : "bookings"}.
                  </p>
                ) : (
                  <SessionTimesForm
                    sessionId={session.id}
                    label={label}
                    start={formatLondon(session.startsAt, "HH:mm")}
                    end={formatLondon(session.endsAt, "HH:mm")}
                    action={changeSessionTimesAction}
                  />
                )
              ) : null}
            </article>
          );
        })}
      </section>

      {scheduled ? (
        <section aria-labelledby="cancel-heading" className="mt-8 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="cancel-heading" className="text-2xl font-bold">
            Cancel this clinic day
          </h2>
          {day.bookings.length === 0 ? (
            <p className="mt-1">This day has no active bookings, so it can be cancelled straight away.</p>
          ) : (
            <>
              <p className="mt-1">
                This day has {day.bookings.length} active {day.bookings.length === 1 ? "booking" : "bookings"}. None is dropped: choose whether they
                are all cancelled or all moved.
              </p>
              <DataTable
                className="mt-2 w-full border-collapse text-left"
                caption={`Active bookings on ${dayLabel}`}
                columns={["Time", "Session", "Patient", { label: "NHS number", className: "py-2" }]}
                headCellClassName="py-2 pr-4"
              >
                {day.bookings.map((b) => (
                  <tr key={b.id} className="border-b border-slate-200">
                    <td className="py-2 pr-4">{formatLondon(b.startsAt, "HH:mm")}</td>
                    <td className="py-2 pr-4">
                      {SESSION_KIND_LABELS[b.kind]}, {COLUMN_WORD[b.kind].toLowerCase()} {b.column + 1}
                    </td>
                    <RowHeader className="py-2 pr-4 font-normal">{b.patientName}</RowHeader>
                    <td className="py-2">{formatNhsNumber(b.nhsNumber)}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          <CancelClinicDayForm
            clinicDayId={day.id}
            dayLabel={dayLabel}
            bookingCount={day.bookings.length}
            moveTargets={day.moveTargets.map((t) => ({
              id: t.id,
              label: `${longDate(t.date)} (${t.freeMorningSlots} free morning ${t.freeMorningSlots === 1 ? "slot" : "slots"})`,
            }))}
            action={cancelClinicDayAction}
          />
        </section>
      ) : null}
    </>
  );
}
