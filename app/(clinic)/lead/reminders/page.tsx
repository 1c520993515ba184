import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { isRightToLeft } from "@/lib/messages/languages";
import { listReminderOutbox, OUTBOX_PAGE_SIZE } from "@/lib/services/reminders/list-reminder-outbox";
import { REMINDER_STATUSES } from "@/lib/reminders/statuses";
import { DataTable, RowHeader } from "@/components/ui/table";

export const metadata: Metadata = { title: "Appointment reminders" };

const STATUS_LABELS: Record<(typeof REMINDER_STATUSES)[number], string> = {
  QUEUED: "Queued",
  SENDING: "Sending",
  SENT: "Sent",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};
const CHANNEL_LABELS = { SMS: "Text", EMAIL: "Email" } as const;

export default async function RemindersPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await requirePagePermission("reminder:view");
  const { status } = await searchParams;
  const chosen = REMINDER_STATUSES.find((s) => s === status);
  const view = await listReminderOutbox(ctx, { status: chosen }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "VALIDATION") return listReminderOutbox(ctx, {});
    throw error;
  });
  return (
    <>
      <h1 className="text-3xl font-bold">Appointment reminders</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        A text and an email are each queued when a patient is booked, only if they agreed to reminders by that channel and gave the number or address,
        and go out {view.hoursBefore} hours before the appointment. Reminders say when and where only, never why.
      </p>
      {view.sending ? (
        <p className="mt-3 border-l-4 border-nhs-blue bg-blue-50 p-3">Reminders are being sent through GOV.UK Notify.</p>
      ) : (
        <p className="mt-3 border-l-4 border-nhs-warm-yellow bg-yellow-50 p-3">
          <strong>Nothing is being sent:</strong> no GOV.UK Notify key is set (NOTIFY_API_KEY). The reminders below are kept here instead;
          {view.dueNow > 0 ? ` ${view.dueNow} ${view.dueNow === 1 ? "is" : "are"} due now.` : " none is due yet."}
        </p>
      )}

      <nav aria-label="Reminders by state" className="mt-4">
        <ul className="flex flex-wrap gap-3">
          <li>
            <Link
              href="/lead/reminders"
              aria-current={!chosen ? "page" : undefined}
              className={`text-nhs-blue underline ${!chosen ? "font-bold" : ""}`}
            >
              All ({Object.values(view.counts).reduce((a, b) => a + b, 0)})
            </Link>
          </li>
          {REMINDER_STATUSES.map((s) => (
            <li key={s}>
              <Link
                href={`/lead/reminders?status=${s}`}
                aria-current={chosen === s ? "page" : undefined}
                className={`text-nhs-blue underline ${chosen === s ? "font-bold" : ""}`}
              >
                {STATUS_LABELS[s]} ({view.counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {view.rows.length === 0 ? (
        <p className="mt-4 text-slate-700">No reminders{chosen ? ` in the state "${STATUS_LABELS[chosen].toLowerCase()}"` : ""}.</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <DataTable
            className="w-full border-collapse text-left"
            caption={`Appointment reminders, latest first (up to ${OUTBOX_PAGE_SIZE})`}
            columns={["Patient", "By", "Appointment", "State", "Goes or went", "Tries", "Reminder"]}
          >
            {view.rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top">
                <RowHeader>
                  <Link href={`/patients/${r.patientId}`} className="text-nhs-blue underline">
                    {r.patientName}
                  </Link>
                </RowHeader>
                <td className="p-2">{CHANNEL_LABELS[r.channel]}</td>
                <td className="p-2 whitespace-nowrap">{r.appointmentAt}</td>
                <td className="p-2">
                  {STATUS_LABELS[r.status]}
                  {r.due ? <span className="ml-1 rounded bg-nhs-warm-yellow px-1.5 text-black">due</span> : null}
                  {r.lapsed ? <span className="mt-1 block text-sm text-slate-700">Not sent: the appointment has passed.</span> : null}
                  {r.lastError ? <span className="mt-1 block text-sm text-slate-700">{r.lastError}</span> : null}
                </td>
                <td className="p-2 whitespace-nowrap">{r.sentAt ?? r.nextAttemptAt}</td>
                <td className="p-2 tabular-nums">{r.attempts}</td>
                <td className="p-2 text-sm">
                  <span lang={r.locale} dir={isRightToLeft(r.locale) ? "rtl" : undefined}>
                    {r.preview}
                  </span>
                  {r.languageNotes.map((note) => (
                    <span key={note} className="mt-1 block text-slate-700">
                      {note}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </>
  );
}
