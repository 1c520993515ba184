"use client";

import { useRouter } from "next/navigation";
import { Fragment, useEffect, useRef, useState, useTransition } from "react";
import type { DayAppointment, DayView } from "@/lib/services/clinic-days/get-day-view";
import { REASON_MAX } from "@/lib/validation/limits";
import { buttonClass, dangerButtonClass, Flags, PreparedBadge, secondaryButtonClass, StatusBadge, type Action } from "./shared";
import { DataTable, RowHeader } from "@/components/ui/table";

type Open = { id: string; kind: "undo" | "cancel" | "reschedule" };

/** The day's patients with their state, and reception's actions on each. */
export function DayList({
  appointments,
  freeSlots,
  otherDays,
  dateLabel,
  canArrive,
  canBook,
  dayHasCome,
  isPast,
  highlightUnprepared,
  actions,
  downloads,
}: {
  appointments: DayAppointment[];
  freeSlots: DayView["freeSlots"];
  otherDays: DayView["otherDays"];
  dateLabel: string;
  canArrive: boolean;
  canBook: boolean;
  dayHasCome: boolean;
  /**
   * Per-patient downloads: the day's appointments as a calendar file, and (clinical roles) the FHIR record.
   * They sit with the row's actions, not in its header, so a screen reader reads only the name as each cell's row header.
   */
  downloads?: { clinicDayId: string; fhir: boolean };
  isPast: boolean;
  highlightUnprepared: boolean;
  actions: { checkIn: Action; didNotAttend: Action; undo: Action; cancel: Action; reschedule: Action };
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState<Open | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  // The button pressed often disappears with the change (Check in becomes Undo); move focus to the outcome.
  useEffect(() => {
    if (message?.ok) messageRef.current?.focus();
  }, [message]);

  function run(action: Action, input: Record<string, unknown>, success: string) {
    start(async () => {
      const result = await action(input);
      if (result.ok) {
        setMessage({ ok: true, text: success });
        setOpen(null);
        setFieldError(null);
        router.refresh();
      } else {
        const field = result.fieldErrors ? Object.values(result.fieldErrors)[0] : undefined;
        setFieldError(field ?? null);
        setMessage({ ok: false, text: result.message });
      }
    });
  }

  function toggle(next: Open) {
    setOpen(open?.id === next.id && open.kind === next.kind ? null : next);
    setFieldError(null);
    setMessage(null);
  }

  if (appointments.length === 0) return <p className="mt-2 text-slate-700">No one is booked on this day yet.</p>;

  return (
    <div>
      <div aria-live="polite" ref={messageRef} tabIndex={-1} className="min-h-6">
        {message ? (
          <p role={message.ok ? "status" : "alert"} className={`font-semibold ${message.ok ? "text-nhs-green" : "text-nhs-red"}`}>
            {message.text}
          </p>
        ) : null}
      </div>
      <div className="overflow-x-auto">
        <DataTable
          className="w-full border-collapse text-left"
          caption={`Patients booked on ${dateLabel}`}
          columns={["Time", "Patient", "NHS number", "Station", "Status", "Preparation", "Flags", "Actions"]}
          headRowClassName="border-b-2 border-slate-400"
        >
          {appointments.map((a) => {
            const isOpen = open?.id === a.id ? open.kind : null;
            return (
              <Fragment key={a.id}>
                <tr id={`appointment-${a.id}`} className="border-b border-slate-200 align-top">
                  <td className="p-2">{a.time}</td>
                  <RowHeader>{a.name}</RowHeader>
                  <td className="p-2 whitespace-nowrap">{a.nhsNumber}</td>
                  <td className="p-2">{a.station}</td>
                  <td className="p-2">
                    <StatusBadge status={a.status} />
                    {a.checkedInAt ? (
                      <div className="text-sm">
                        at {a.checkedInAt}
                        {a.selfCheckedIn ? " (self check-in)" : ""}
                      </div>
                    ) : null}
                    {a.bookedByPatient ? <div className="text-sm">Booked by the patient</div> : null}
                  </td>
                  <td className="p-2">
                    <PreparedBadge appointment={a} highlight={highlightUnprepared} />
                  </td>
                  <td className="p-2">
                    <Flags appointment={a} />
                  </td>
                  <td className="p-2">
                    <div className="flex flex-wrap gap-2">
                      {canArrive && a.status === "BOOKED" && dayHasCome ? (
                        <>
                          <button
                            type="button"
                            className={buttonClass}
                            disabled={pending}
                            onClick={() => run(actions.checkIn, { appointmentId: a.id }, `${a.name} is checked in.`)}
                          >
                            Check in<span className="sr-only"> {a.name}</span>
                          </button>
                          <button
                            type="button"
                            className={secondaryButtonClass}
                            disabled={pending}
                            onClick={() =>
                              run(
                                actions.didNotAttend,
                                { appointmentId: a.id },
                                `${a.name} is marked as did not attend. Any afternoon appointments they had are freed for patients on the waitlist.`,
                              )
                            }
                          >
                            Did not attend<span className="sr-only"> ({a.name})</span>
                          </button>
                        </>
                      ) : null}
                      {canArrive && (a.status === "ARRIVED" || a.status === "NOSHOW") ? (
                        <button
                          type="button"
                          className={secondaryButtonClass}
                          aria-expanded={isOpen === "undo"}
                          onClick={() => toggle({ id: a.id, kind: "undo" })}
                        >
                          Undo
                          <span className="sr-only">
                            {" "}
                            {a.status === "ARRIVED" ? "check-in" : "did not attend"} for {a.name}
                          </span>
                        </button>
                      ) : null}
                      {canBook && a.status === "BOOKED" && !isPast ? (
                        <>
                          <button
                            type="button"
                            className={secondaryButtonClass}
                            aria-expanded={isOpen === "reschedule"}
                            onClick={() => toggle({ id: a.id, kind: "reschedule" })}
                          >
                            Reschedule<span className="sr-only"> {a.name}</span>
                          </button>
                          <button
                            type="button"
                            className={dangerButtonClass}
                            aria-expanded={isOpen === "cancel"}
                            onClick={() => toggle({ id: a.id, kind: "cancel" })}
                          >
                            Cancel<span className="sr-only"> {a.name}&apos;s appointment</span>
                          </button>
                        </>
                      ) : null}
                    </div>
                    {downloads ? (
                      <span className="no-print mt-2 flex flex-wrap gap-x-3 text-sm font-normal">
                        <a
                          href={`/api/patients/${a.patientId}/clinic-days/${downloads.clinicDayId}/calendar.ics`}
                          className="text-nhs-blue underline"
                        >
                          Calendar file<span className="sr-only"> of {a.name}&apos;s appointments</span>
                        </a>
                        {downloads.fhir ? (
                          <a href={`/api/patients/${a.patientId}/clinic-days/${downloads.clinicDayId}/fhir`} className="text-nhs-blue underline">
                            FHIR record<span className="sr-only"> for {a.name}</span>
                          </a>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                </tr>
                {isOpen ? (
                  <tr className="border-b border-slate-200 bg-slate-50">
                    <td colSpan={8} className="p-3">
                      {isOpen === "reschedule" ? (
                        <RescheduleForm
                          appointment={a}
                          freeSlots={freeSlots}
                          otherDays={otherDays}
                          dateLabel={dateLabel}
                          pending={pending}
                          onSubmit={(slotId, label) => run(actions.reschedule, { appointmentId: a.id, slotId }, `${a.name} is moved to ${label}.`)}
                          onClose={() => setOpen(null)}
                        />
                      ) : (
                        <ReasonForm
                          id={`${isOpen}-${a.id}`}
                          legend={
                            isOpen === "undo"
                              ? `Undo ${a.status === "ARRIVED" ? "the check-in" : "did not attend"} for ${a.name}`
                              : `Cancel ${a.name}'s ${a.time} appointment`
                          }
                          submitLabel={isOpen === "undo" ? "Undo" : "Cancel appointment"}
                          error={fieldError}
                          pending={pending}
                          onSubmit={(reason) =>
                            isOpen === "undo"
                              ? run(
                                  actions.undo,
                                  { appointmentId: a.id, reason },
                                  a.status === "NOSHOW"
                                    ? `${a.name} is back to booked. Their afternoon is not restored: it is routed again when the health buddy records their PHQ-4.`
                                    : `${a.name} is back to booked.`,
                                )
                              : run(actions.cancel, { appointmentId: a.id, reason }, `${a.name}'s appointment is cancelled and the slot is free.`)
                          }
                          onClose={() => setOpen(null)}
                        />
                      )}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </DataTable>
      </div>
    </div>
  );
}

function ReasonForm({
  id,
  legend,
  submitLabel,
  error,
  pending,
  onSubmit,
  onClose,
}: {
  id: string;
  legend: string;
  submitLabel: string;
  error: string | null;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(reason);
      }}
    >
      <fieldset>
        <legend className="font-bold">{legend}</legend>
        <label htmlFor={`${id}-reason`} className="mt-2 block font-semibold">
          Reason (kept in the audit trail)
        </label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={REASON_MAX}
          rows={2}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 w-full max-w-xl rounded border-2 border-slate-600 p-2"
        />
        {error ? (
          <p id={`${id}-error`} className="font-semibold text-nhs-red">
            {error}
          </p>
        ) : null}
        <div className="mt-2 flex gap-2">
          <button type="submit" className={buttonClass} disabled={pending}>
            {submitLabel}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={onClose}>
            Keep as it is
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function RescheduleForm({
  appointment,
  freeSlots,
  otherDays,
  dateLabel,
  pending,
  onSubmit,
  onClose,
}: {
  appointment: DayAppointment;
  freeSlots: DayView["freeSlots"];
  otherDays: DayView["otherDays"];
  dateLabel: string;
  pending: boolean;
  onSubmit: (slotId: string, label: string) => void;
  onClose: () => void;
}) {
  const groups = [{ id: "this", dateLabel: `${dateLabel} (this day)`, freeSlots }, ...otherDays].filter((g) => g.freeSlots.length > 0);
  const [slotId, setSlotId] = useState(groups[0]?.freeSlots[0]?.id ?? "");
  const labelOf = (id: string) => {
    for (const g of groups) {
      const slot = g.freeSlots.find((s) => s.id === id);
      if (slot) return `${g.dateLabel.replace(" (this day)", "")} at ${slot.time}, ${slot.station}`;
    }
    return "the new slot";
  };
  if (groups.length === 0) {
    return (
      <p>
        There are no free morning slots on this or the next clinic days.{" "}
        <button type="button" className={secondaryButtonClass} onClick={onClose}>
          Close
        </button>
      </p>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(slotId, labelOf(slotId));
      }}
    >
      <fieldset>
        <legend className="font-bold">
          Move {appointment.name} from {appointment.time}
        </legend>
        <label htmlFor={`reschedule-${appointment.id}`} className="mt-2 block font-semibold">
          New slot
        </label>
        <select
          id={`reschedule-${appointment.id}`}
          value={slotId}
          onChange={(e) => setSlotId(e.target.value)}
          autoFocus
          className="mt-1 rounded border-2 border-slate-600 p-1"
        >
          {groups.map((g) => (
            <optgroup key={g.id} label={g.dateLabel}>
              {g.freeSlots.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.time}, {s.station}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <div className="mt-2 flex gap-2">
          <button type="submit" className={buttonClass} disabled={pending}>
            Move appointment
          </button>
          <button type="button" className={secondaryButtonClass} onClick={onClose}>
            Keep as it is
          </button>
        </div>
      </fieldset>
    </form>
  );
}
