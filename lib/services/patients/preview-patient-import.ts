import { createHash } from "node:crypto";
import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";
import { checkImportFile, checkImportRows, parseImportCsv, type ImportProblem, type ImportRow } from "@/lib/patient-import";
import { parseInput } from "@/lib/validation/parse";
import { patientImportFileSchema } from "@/lib/patient-import/schemas";
import { recordAudit, recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type PatientImportPreview = {
  importId: string;
  fileName: string;
  totalRows: number;
  /** Rows that passed every check, to be sent back in batches (each checked again). */
  rows: ImportRow[];
  problems: ImportProblem[];
  invalidRows: number;
  /** Good rows whose NHS number is already registered in the actor's PCN: they will be skipped. */
  alreadyRegistered: Array<{ rowNumber: number; nhsNumber: string; name: string }>;
  /**
   * Good rows whose NHS number belongs to a patient of another PCN: skipped too,
   * and said with nothing about that patient (only the row and the number the file gave).
   */
  registeredOutsidePcn: Array<{ rowNumber: number; nhsNumber: string }>;
  /** Good rows that will become new patients. */
  toCreate: number;
  /** When this same file was imported before, if it was. */
  previousImportAt: Date | null;
};

/**
 * Reads an uploaded list and says what importing it would do: each row's
 * problems, which patients are already registered, how many are new. Nothing
 * is added to the register yet; the preview is kept so the import can be
 * counted and audited as one.
 */
export async function previewPatientImport(ctx: ServiceContext, input: unknown): Promise<PatientImportPreview> {
  assertPermission(ctx.actor, "patient:import");
  const file = parseInput(patientImportFileSchema, input);
  const refusal = checkImportFile({ name: file.fileName, size: file.size });
  if (refusal) throw new AppError("VALIDATION", refusal, { fieldErrors: { file: refusal } });
  const parsed = parseImportCsv(file.text);
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, { fieldErrors: { file: parsed.message } });
  const fileHash = createHash("sha256").update(file.text).digest("hex");

  return ctx.db.$transaction(async (tx) => {
    const practices = await tx.practice.findMany({ where: { pcnId: ctx.actor.pcnId }, select: { id: true, odsCode: true } });
    const checked = checkImportRows(parsed.rows, new Map(practices.map((p) => [p.odsCode.toUpperCase(), p.id])));
    const registered = await tx.patient.findMany({
      where: { nhsNumber: { in: checked.valid.map((r) => r.patient.nhsNumber) } },
      select: { id: true, nhsNumber: true, practice: { select: { pcnId: true } } },
    });
    const ours = registered.filter((p) => p.practice.pcnId === ctx.actor.pcnId);
    const ourNumbers = new Set(ours.map((p) => p.nhsNumber));
    const otherNumbers = new Set(registered.filter((p) => p.practice.pcnId !== ctx.actor.pcnId).map((p) => p.nhsNumber));
    const alreadyRegistered = checked.valid
      .filter((r) => ourNumbers.has(r.patient.nhsNumber))
      .map((r) => ({
        rowNumber: r.rowNumber,
        nhsNumber: formatNhsNumber(r.patient.nhsNumber),
        name: `${r.patient.givenName} ${r.patient.familyName}`,
      }));
    const registeredOutsidePcn = checked.valid
      .filter((r) => otherNumbers.has(r.patient.nhsNumber))
      .map((r) => ({ rowNumber: r.rowNumber, nhsNumber: formatNhsNumber(r.patient.nhsNumber) }));
    const previous = await tx.patientImport.findFirst({
      where: {
        fileHash,
        status: "COMPLETED",
        createdById: { in: (await tx.staffUser.findMany({ where: { pcnId: ctx.actor.pcnId }, select: { id: true } })).map((s) => s.id) },
      },
      orderBy: { createdAt: "desc" },
      select: { finishedAt: true },
    });
    const row = await tx.patientImport.create({
      data: {
        fileName: file.fileName,
        fileHash,
        totalRows: parsed.rows.length,
        invalid: checked.invalidRows,
        problems: checked.problems,
        createdById: ctx.actor.id,
      },
      select: { id: true },
    });
    const counts = {
      totalRows: parsed.rows.length,
      invalid: checked.invalidRows,
      alreadyRegistered: alreadyRegistered.length,
      ...(registeredOutsidePcn.length > 0 ? { registeredOutsidePcn: registeredOutsidePcn.length } : {}),
    };
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "patient.import-preview",
      entityType: "PatientImport",
      entityId: row.id,
      request: ctx.request,
      details: counts,
    });
    // Saying a patient is already registered discloses their record, so it is audited like a view.
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "patient.import-match", entityType: "PatientImport", entityId: row.id, request: ctx.request },
      ours.map((p) => p.id),
    );
    // Another PCN's patients are neither shown nor attached to the audit event (their PCN's record is not this PCN's to see).
    if (registeredOutsidePcn.length > 0) {
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "patient.register-outside-pcn",
        outcome: "DENIED",
        entityType: "PatientImport",
        entityId: row.id,
        request: ctx.request,
        details: { via: "import", rows: registeredOutsidePcn.map((r) => r.rowNumber) },
      });
    }
    return {
      importId: row.id,
      fileName: file.fileName,
      totalRows: parsed.rows.length,
      rows: checked.valid.map(({ rowNumber, values }) => ({ rowNumber, values })),
      problems: checked.problems,
      invalidRows: checked.invalidRows,
      alreadyRegistered,
      registeredOutsidePcn,
      toCreate: checked.valid.length - alreadyRegistered.length - registeredOutsidePcn.length,
      previousImportAt: previous?.finishedAt ?? null,
    };
  });
}
