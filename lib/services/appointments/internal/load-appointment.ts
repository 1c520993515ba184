import type { DbTx } from "@/lib/db/client";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { stationLabel } from "@/lib/appointments/stations";

/** A morning appointment of the actor's PCN with what reception's messages need; NOT_FOUND otherwise. */
export async function loadMorningAppointment(tx: DbTx, pcnId: string, appointmentId: string) {
  const appointment = await tx.appointment.findFirst({
    where: { id: appointmentId, kind: "WRAP_AROUND", clinicDay: { clinic: { pcnId } } },
    include: {
      clinicDay: true,
      slot: { include: { staff: { select: { name: true } } } },
      patient: { select: { givenName: true, familyName: true } },
    },
  });
  if (!appointment) throw new AppError("NOT_FOUND", "That appointment was not found. Refresh the page.");
  return {
    ...appointment,
    date: appointment.clinicDay.date.toISOString().slice(0, 10),
    time: formatLondon(appointment.slot.startsAt, "HH:mm"),
    station: stationLabel(appointment.slot.column, appointment.slot.staff?.name),
    patientName: `${appointment.patient.givenName} ${appointment.patient.familyName}`,
  };
}

export type MorningAppointment = Awaited<ReturnType<typeof loadMorningAppointment>>;

/**
 * Changes status only if it is still what the screen showed, so two people
 * pressing the same button at once change it (and audit it) once.
 */
export async function changeStatusIf(
  tx: DbTx,
  appointment: { id: string },
  from: AppointmentStatus[],
  data: Parameters<DbTx["appointment"]["updateMany"]>[0]["data"],
  message: string,
): Promise<void> {
  const { count } = await tx.appointment.updateMany({ where: { id: appointment.id, status: { in: from } }, data });
  if (count !== 1) throw new AppError("CONFLICT", message);
}
