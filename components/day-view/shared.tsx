import type { ActionResult } from "@/lib/auth/handle";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { DayAppointment } from "@/lib/services/clinic-days/get-day-view";
import { LanguageBadge } from "@/components/language-badge";
import { isEnglish } from "@/lib/patients/language";

export type Action<T = unknown> = (input: unknown) => Promise<ActionResult<T>>;

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  BOOKED: "Booked",
  ARRIVED: "Arrived",
  FULFILLED: "Seen",
  CANCELLED: "Cancelled",
  NOSHOW: "Did not attend",
  ENTERED_IN_ERROR: "Entered in error",
};

const STATUS_STYLES: Record<AppointmentStatus, string> = {
  BOOKED: "border-nhs-blue text-nhs-blue",
  ARRIVED: "border-nhs-green bg-nhs-green text-white",
  FULFILLED: "border-slate-600 text-slate-700",
  CANCELLED: "border-slate-500 text-slate-700",
  NOSHOW: "border-nhs-red bg-nhs-red text-white",
  ENTERED_IN_ERROR: "border-slate-500 text-slate-700",
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return <span className={`inline-block rounded border px-1.5 py-0.5 text-sm font-semibold ${STATUS_STYLES[status]}`}>{STATUS_LABELS[status]}</span>;
}

export function PreparedBadge({ appointment, highlight }: { appointment: DayAppointment; highlight: boolean }) {
  if (appointment.preparation) return <span className="text-sm font-semibold text-nhs-green">Prepared</span>;
  if (highlight && appointment.status === "BOOKED") {
    return <span className="inline-block rounded bg-nhs-warm-yellow px-1.5 py-0.5 text-sm font-bold text-black">Not prepared</span>;
  }
  return <span className="text-sm text-slate-700">Not prepared</span>;
}

export function Flags({ appointment }: { appointment: DayAppointment }) {
  const language = <LanguageBadge language={appointment} />;
  const hasLanguage = appointment.interpreterNeeded || !isEnglish(appointment.preferredLanguage);
  if (!hasLanguage && !appointment.accessibilityNeeds) return <span className="text-sm text-slate-600">None</span>;
  return (
    <ul className="text-sm">
      {hasLanguage ? <li>{language}</li> : null}
      {appointment.accessibilityNeeds ? <li>{appointment.accessibilityNeeds}</li> : null}
    </ul>
  );
}

export const buttonClass = "rounded bg-nhs-blue px-3 py-1.5 font-semibold text-white hover:bg-nhs-dark-blue disabled:opacity-60";
export const secondaryButtonClass =
  "rounded border-2 border-nhs-blue bg-white px-3 py-1 font-semibold text-nhs-blue hover:bg-slate-100 disabled:opacity-60";
export const dangerButtonClass = "rounded border-2 border-nhs-red bg-white px-3 py-1 font-semibold text-nhs-red hover:bg-red-50 disabled:opacity-60";
