import Papa from "papaparse";
import { assertPermission, hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { dayListExportSchema } from "@/lib/validation/exports";
import { parseInput } from "@/lib/validation/parse";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { stationLabel } from "@/lib/appointments/stations";
import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";
import { CURRENT_PHQ4 } from "@/lib/phq4/current";

export const DAY_LIST_COLUMNS = [
  "appointment_start",
  "station",
  "given_name",
  "family_name",
  "nhs_number",
  "date_of_birth",
  "practice_ods_code",
  "status",
  "checked_in_at",
  "preferred_language",
  "interpreter_needed",
  "accessibility_needs",
  "preparation_call_done",
] as const;
/** Only for clinical roles: reception's download has none of these. */
export const CLINICAL_DAY_LIST_COLUMNS = ["phq4_total", "talking_therapies"] as const;

/** ISO 8601 with the London offset of the day (Z in winter, +01:00 in summer). */
const iso = (d: Date) => formatLondon(d, "yyyy-MM-dd'T'HH:mm:ssxxx");

/**
 * A clinic day's morning list as CSV (UTF-8, header row, ISO 8601 dates), in
 * slot order. Everyone who may see the day list may download it; PHQ-4 totals
 * and the afternoon route are added only for clinical roles. Each patient
 * listed is an audited export.
 */
export async function exportDayListCsv(ctx: ServiceContext, input: unknown): Promise<{ csv: string; date: string }> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId } = parseInput(dayListExportSchema, input);
  const clinical = hasPermission(ctx.actor.roles, "clinical:view");
  return ctx.db.$transaction(async (tx) => {
    const day = await tx.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } } });
    if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
    const appointments = await tx.appointment.findMany({
      where: { clinicDayId, kind: "WRAP_AROUND", status: { in: [...ACTIVE_STATUSES] } },
      include: {
        slot: { include: { staff: { select: { name: true } } } },
        patient: { include: { practice: { select: { odsCode: true } } } },
        preparation: { select: { id: true } },
        phq4Assessments: clinical ? { where: CURRENT_PHQ4, select: { total: true } } : false,
      },
      orderBy: [{ slot: { startsAt: "asc" } }, { slot: { column: "asc" } }],
    });
    const therapy = clinical
      ? new Set(
          (
            await tx.appointment.findMany({
              where: { clinicDayId, kind: "TALKING_THERAPIES", activeSlotId: { not: null } },
              select: { patientId: true },
            })
          ).map((a) => a.patientId),
        )
      : new Set<string>();
    const rows = appointments.map((a) => {
      const row: Record<string, string> = {
        appointment_start: iso(a.slot.startsAt),
        station: stationLabel(a.slot.column, a.slot.staff?.name),
        given_name: a.patient.givenName,
        family_name: a.patient.familyName,
        nhs_number: a.patient.nhsNumber,
        date_of_birth: a.patient.dateOfBirth.toISOString().slice(0, 10),
        practice_ods_code: a.patient.practice.odsCode,
        status: a.status,
        checked_in_at: a.checkedInAt ? iso(a.checkedInAt) : "",
        preferred_language: a.patient.preferredLanguage,
        interpreter_needed: a.patient.interpreterNeeded ? "yes" : "no",
        accessibility_needs: a.patient.accessibilityNeeds ?? "",
        preparation_call_done: a.preparation ? "yes" : "no",
      };
      if (clinical) {
        const phq4 = (a as typeof a & { phq4Assessments?: Array<{ total: number }> }).phq4Assessments?.[0];
        row.phq4_total = phq4 ? String(phq4.total) : "";
        row.talking_therapies = therapy.has(a.patientId) ? "yes" : "no";
      }
      return row;
    });
    const columns: string[] = clinical ? [...DAY_LIST_COLUMNS, ...CLINICAL_DAY_LIST_COLUMNS] : [...DAY_LIST_COLUMNS];
    // escapeFormulae: a cell starting with = + - @ is prefixed so a spreadsheet does not run it.
    const csv = Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => r[c] ?? "")) }, { newline: "\r\n", escapeFormulae: true });
    const date = day.date.toISOString().slice(0, 10);
    await recordPatientViews(
      tx,
      {
        actor: ctx.actor,
        action: "clinic-day.export-csv",
        entityType: "ClinicDay",
        entityId: day.id,
        request: ctx.request,
        details: { date, clinicalColumns: clinical },
      },
      appointments.map((a) => a.patientId),
    );
    return { csv, date };
  });
}
