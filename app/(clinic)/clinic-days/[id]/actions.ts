"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { checkIn } from "@/lib/services/appointments/check-in";
import { markNoShow } from "@/lib/services/appointments/mark-no-show";
import { undoArrival } from "@/lib/services/appointments/undo-arrival";
import { recordPreparationCall } from "@/lib/services/appointments/record-preparation-call";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { searchPatientsForBooking } from "@/lib/services/appointments/search-patients-for-booking";

// Each action passes the browser's input on as `unknown`; the service validates it.
// None passes a clock, so only the services' own `new Date()` applies here.

export async function searchPatientsAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:book");
    return searchPatientsForBooking(ctx, input);
  });
}

export async function bookAppointmentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:book");
    return bookAppointment(ctx, input);
  });
}

export async function rescheduleAppointmentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:book");
    return rescheduleAppointment(ctx, input);
  });
}

export async function cancelAppointmentAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:book");
    return cancelAppointment(ctx, input);
  });
}

export async function recordPreparationCallAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("preparation:record");
    return recordPreparationCall(ctx, input);
  });
}

export async function checkInAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:arrive");
    return checkIn(ctx, input);
  });
}

export async function markNoShowAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:arrive");
    return markNoShow(ctx, input);
  });
}

export async function undoArrivalAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("appointment:arrive");
    return undoArrival(ctx, input);
  });
}
